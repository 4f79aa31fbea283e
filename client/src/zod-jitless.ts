// Imported first by main.tsx, before any schema exists: zod reads the setting when a schema is
// made. Without it, zod probes `new Function` to compile fast object parsers, which our CSP
// (script-src 'self', no 'unsafe-eval') forbids and reports as a violation even though zod catches it.
//
// Set through the global zod 4 keeps its configuration in (`z.config()` writes the same object),
// so the join page sets it without downloading zod: zod comes with the first answer to parse,
// after first paint. zod-jitless.test.ts fails if zod stops reading it.
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
holder.__zod_globalConfig = { ...holder.__zod_globalConfig, jitless: true };

export {};
