import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegistrantRecord } from '../../../server/src/modules/identity/identity.store.ts';
import type { Store } from '../../../server/src/store/store.ts';
import { EDITION, rejects, seedEdition } from './fixtures.ts';
import type { StoreFactory } from './store.contract.ts';

const registrant = (
  id: string,
  email: string,
  overrides: Partial<RegistrantRecord> = {},
): RegistrantRecord => ({
  id,
  editionId: EDITION,
  name: `Name ${id}`,
  email,
  organisation: 'Org',
  attendance: 'onsite',
  ...overrides,
});

const account = (id: string, email: string) => ({
  id,
  email,
  name: 'Orga',
  passwordHash: 'scrypt$15$8$1$salt$key',
  createdAt: 1,
});

/** The organizer part every Store implementation must have; run against each of them. */
export function organizerContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: organizer part`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.open();
      await seedEdition(store);
    });

    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    it('keeps accounts by id and by email, and refuses an email taken by another account', async () => {
      await store.organizer.putOrganizer(account('a1', 'orga@example.org'));
      expect(await store.organizer.findOrganizerByEmail('orga@example.org')).toMatchObject({ id: 'a1' });
      await rejects(store.organizer.putOrganizer(account('a2', 'orga@example.org')), 'CONFLICT');
      await store.organizer.putOrganizer(account('a1', 'new@example.org'));
      expect(await store.organizer.findOrganizerByEmail('orga@example.org')).toBeNull();
      expect((await store.organizer.getOrganizer('a1'))?.email).toBe('new@example.org');
    });

    it('lists editions and keeps their settings', async () => {
      expect((await store.organizer.listEditions()).map((e) => e.id)).toEqual([EDITION]);
      expect(await store.organizer.getSettings(EDITION)).toEqual({ rehearsal: false, purgedAt: null });
      await store.organizer.putSettings(EDITION, { rehearsal: true, purgedAt: null });
      store = await factory.reopen(store);
      expect(await store.organizer.getSettings(EDITION)).toEqual({ rehearsal: true, purgedAt: null });
      await rejects(store.organizer.putSettings('nope', { rehearsal: true, purgedAt: null }), 'NOT_FOUND');
    });

    it('upserts registrants keyed on their email: created, updated, unchanged, in insertion order', async () => {
      await store.identity.putRegistrant(registrant('r0', 'Early@Example.org'));
      const first = await store.organizer.upsertRegistrants(EDITION, [
        registrant('r1', 'a@example.org'),
        registrant('r2', 'b@example.org'),
        registrant('new-id', 'early@example.org'),
      ]);
      expect(first).toEqual({ created: ['r1', 'r2'], updated: ['r0'], unchanged: [] });
      const again = await store.organizer.upsertRegistrants(EDITION, [
        registrant('x1', 'a@example.org', { name: 'Name r1' }),
        registrant('x2', 'b@example.org', { attendance: 'remote', name: 'Bé Renommée' }),
      ]);
      expect(again).toEqual({ created: [], updated: ['r2'], unchanged: ['r1'] });
      store = await factory.reopen(store);
      const list = await store.organizer.listPrincipals('participant', EDITION);
      expect(list.map((r) => [r.id, r.email, r.name, r.attendance])).toEqual([
        ['r0', 'early@example.org', 'Name new-id', 'onsite'],
        ['r1', 'a@example.org', 'Name r1', 'onsite'],
        ['r2', 'b@example.org', 'Bé Renommée', 'remote'],
      ]);
      await rejects(
        store.organizer.upsertRegistrants('nope', [registrant('z', 'z@example.org')]),
        'NOT_FOUND',
      );
    });

    it('imports a plenary-sized list in one call (12,000 rows: 60,000 script arguments on Redis)', async () => {
      const rows = Array.from({ length: 12_000 }, (_, i) => registrant(`big${i}`, `big${i}@example.org`));
      const report = await store.organizer.upsertRegistrants(EDITION, rows);
      expect(report.created).toHaveLength(12_000);
      expect(report.created.at(-1)).toBe('big11999');
      expect(await store.organizer.listPrincipals('participant', EDITION)).toHaveLength(12_000);
    });

    it('tells who holds an active code, and counts codes', async () => {
      await store.organizer.upsertRegistrants(EDITION, [
        registrant('r1', 'a@example.org'),
        registrant('r2', 'b@example.org'),
      ]);
      await store.identity.putCode({
        hash: 'h1',
        role: 'participant',
        principalId: 'r1',
        editionId: EDITION,
        revoked: false,
      });
      await store.identity.putCode({
        hash: 'h2',
        role: 'participant',
        principalId: 'r2',
        editionId: EDITION,
        revoked: false,
      });
      await store.identity.revokeCodes('participant', 'r2');
      expect([...(await store.organizer.withActiveCode('participant', EDITION))]).toEqual(['r1']);
      expect(await store.organizer.codeCounts('participant', 'r2')).toEqual({ active: 0, revoked: 1 });
    });

    it('does not count a code issued to a principal after its erasure', async () => {
      await store.organizer.upsertRegistrants(EDITION, [registrant('r1', 'a@example.org')]);
      await store.identity.erasePrincipal('participant', EDITION, 'r1');
      await store.identity.putCode({
        hash: 'h1',
        role: 'participant',
        principalId: 'r1',
        editionId: EDITION,
        revoked: false,
      });
      expect([...(await store.organizer.withActiveCode('participant', EDITION))]).toEqual([]);
    });
  });
}
