import { z } from 'zod';

// Imported first by main.tsx, before any schema exists: zod reads the setting when a schema is
// made. Without it, zod probes `new Function` to compile fast object parsers, which our CSP
// (script-src 'self', no 'unsafe-eval') forbids and reports as a violation even though zod catches it.
z.config({ jitless: true });
