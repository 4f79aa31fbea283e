import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrganizerEdition, Programme } from '@agora/shared';
import { organizerApi, startServerWithOrganizer } from '../support/organizer.ts';
import {
  errorOf,
  getJson,
  joinWithCode,
  removeDataDir,
  type RunningServer,
} from '../support/server-process.ts';

let server: RunningServer;
let api: ReturnType<typeof organizerApi>;
const SLUG = 'look-2026';
const base = `/api/organizer/editions/${SLUG}`;
// A 1×1 PNG.
const LOGO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

beforeAll(async () => {
  ({ server, api } = await startServerWithOrganizer());
  await api.ok(OrganizerEdition, 'POST', '/api/organizer/editions', {
    slug: SLUG,
    name: 'Look',
    startDate: '2026-06-24',
    endDate: '2026-06-25',
  });
});

afterAll(async () => {
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
});

describe("the edition's projector look", () => {
  it('is set by the organizer through the edition and kept', async () => {
    const look = { theme: 'edition', background: '#0b3d2e', accent: '#f6c344', logo: LOGO } as const;
    const edited = await api.ok(OrganizerEdition, 'PATCH', base, { projector: look });
    expect(edited.projector).toEqual(look);
    // Another change of the edition keeps it.
    const renamed = await api.ok(OrganizerEdition, 'PATCH', base, { venue: 'Lyon' });
    expect(renamed.projector).toEqual(look);
  });

  it('refuses colours that would not read, a logo that is not an image, and changes nothing', async () => {
    const before = await api.ok(OrganizerEdition, 'PATCH', base, {});
    for (const projector of [
      { theme: 'edition', background: '#ffffff', accent: '#ffff66', logo: null },
      { theme: 'edition', background: '#000', accent: '#ffffff', logo: null },
      { theme: 'edition', background: '#000000', accent: '#ffffff', logo: 'javascript:alert(1)' },
      { theme: 'neon', background: '#000000', accent: '#ffffff', logo: null },
    ]) {
      const res = await api.call('PATCH', base, { projector });
      expect(errorOf(res)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
    }
    expect(await api.ok(OrganizerEdition, 'PATCH', base, {})).toEqual(before);
  });

  it("comes with the programme the demo's projector reads, the default when never set", async () => {
    const screen = server.demo.codes.find((c) => c.role === 'projector')!;
    const joined = await joinWithCode(server.url, server.demo.slug, screen.code);
    const programme = await getJson(
      server.url,
      `/api/editions/${server.demo.slug}/programme?as=projector`,
      Programme,
      { cookie: joined.cookie },
    );
    expect(programme.projector).toMatchObject({ theme: 'dark', logo: null });
  });
});
