import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@agora/shared';
import { randomPrefix, startRedis, type RedisServer } from '../../../tests/support/redis-server.ts';
import { documentRecord, partnerRecord } from '../../../tests/support/store-contract/content.contract.ts';
import { edition, EDITION } from '../../../tests/support/store-contract/fixtures.ts';
import { EmbeddedStore } from './memory/embedded-store.ts';
import { RedisStore } from './redis/redis-store.ts';
import type { Store } from './store.ts';

/*
 * The documents module's differential test: the same seeded random sequences of content
 * operations, applied to the embedded and the Redis store, give the same answers, the same
 * refusals (code and message) and the same listings. A small world, so that operations collide:
 * three document ids, three partner ids, three participants, a stale or right revision at random,
 * an edition that does not exist now and then. DIFF_RUNS / DIFF_SEED as in differential.test.ts.
 */

const RUNS = Number(process.env.DIFF_RUNS ?? 60);
const IDS = ['a', 'b', 'c'] as const;
const PEOPLE = ['p1', 'p2', 'p3'] as const;

type Op =
  | { t: 'doc-put'; id: number; rev: number; edition: boolean; title: number }
  | { t: 'doc-del'; id: number }
  | { t: 'partner-put'; id: number; rev: number; edition: boolean; order: number }
  | { t: 'partner-del'; id: number }
  | { t: 'contact-put'; partner: number; person: number; at: number }
  | { t: 'contact-del'; partner: number; person: number }
  | { t: 'contact-erase'; person: number }
  | { t: 'count'; counter: number };

const ix = fc.nat(2);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    t: fc.constant('doc-put'),
    id: ix,
    rev: fc.nat(3),
    edition: fc.nat(9).map((n) => n > 0),
    title: fc.nat(3),
  }),
  fc.record({ t: fc.constant('doc-del'), id: ix }),
  fc.record({
    t: fc.constant('partner-put'),
    id: ix,
    rev: fc.nat(3),
    edition: fc.nat(9).map((n) => n > 0),
    order: fc.nat(2),
  }),
  fc.record({ t: fc.constant('partner-del'), id: ix }),
  fc.record({ t: fc.constant('contact-put'), partner: ix, person: ix, at: fc.nat(5) }),
  fc.record({ t: fc.constant('contact-del'), partner: ix, person: ix }),
  fc.record({ t: fc.constant('contact-erase'), person: ix }),
  fc.record({ t: fc.constant('count'), counter: ix }),
);

/** What one operation answered: its value, or its refusal. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await run() };
  } catch (error) {
    if (error instanceof AppError) return { refused: error.code, message: error.message };
    throw error;
  }
}

function apply(store: Store, op: Op): Promise<unknown> {
  const c = store.content;
  const editionId = (present: boolean) => (present ? EDITION : 'missing-edition');
  switch (op.t) {
    case 'doc-put':
      return outcome(() =>
        c.putDocument(
          documentRecord(IDS[op.id]!, {
            rev: op.rev + 1,
            editionId: editionId(op.edition),
            title: `T${op.title}`,
          }),
          op.rev,
        ),
      );
    case 'doc-del':
      return outcome(() => c.deleteDocument(IDS[op.id]!));
    case 'partner-put':
      return outcome(() =>
        c.putPartner(
          partnerRecord(IDS[op.id]!, { rev: op.rev + 1, editionId: editionId(op.edition), order: op.order }),
          op.rev,
        ),
      );
    case 'partner-del':
      return outcome(() => c.deletePartner(IDS[op.id]!));
    case 'contact-put':
      return outcome(() =>
        c.putContact({
          partnerId: IDS[op.partner]!,
          editionId: EDITION,
          participantId: PEOPLE[op.person]!,
          name: 'N',
          email: 'n@example.org',
          organisation: '',
          message: '',
          at: op.at,
        }),
      );
    case 'contact-del':
      return outcome(() => c.deleteContact(IDS[op.partner]!, PEOPLE[op.person]!));
    case 'contact-erase':
      return outcome(() => c.eraseContacts(EDITION, PEOPLE[op.person]!));
    case 'count':
      return outcome(() => c.count(EDITION, `document:${IDS[op.counter]!}:view`));
  }
}

async function snapshot(store: Store): Promise<unknown> {
  const c = store.content;
  return {
    documents: await c.listDocuments(EDITION),
    partners: await c.listPartners(EDITION),
    // Contacts at the same instant have no defined order: sorted by person as well.
    contacts: await Promise.all(
      IDS.map(async (id) =>
        (await c.listContacts(id)).sort(
          (x, y) => x.at - y.at || x.participantId.localeCompare(y.participantId),
        ),
      ),
    ),
    mine: await Promise.all(PEOPLE.map((p) => c.listMyContacts(EDITION, p))),
    counts: await c.counts(EDITION),
  };
}

describe('the documents part of both stores, operation by operation', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('gives the same answers, refusals and listings on both stores', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 60 }), async (ops) => {
        const dir = mkdtempSync(join(tmpdir(), 'agora-content-diff-'));
        const prefix = randomPrefix();
        const embedded = await EmbeddedStore.open({ dataDir: dir, lock: false });
        const onRedis = await RedisStore.connect({ url: redis.url, prefix });
        try {
          for (const store of [embedded, onRedis]) await store.program.putEdition(edition);
          for (const op of ops) {
            expect(await apply(onRedis, op), JSON.stringify(op)).toEqual(await apply(embedded, op));
          }
          expect(await snapshot(onRedis)).toEqual(await snapshot(embedded));
        } finally {
          await embedded.close();
          await onRedis.close();
          rmSync(dir, { recursive: true, force: true });
          const cleaner = new Redis(redis.url);
          const keys = await cleaner.keys(`${prefix}*`);
          if (keys.length > 0) await cleaner.del(...keys);
          await cleaner.quit();
        }
      }),
      { numRuns: RUNS, ...(process.env.DIFF_SEED ? { seed: Number(process.env.DIFF_SEED) } : {}) },
    );
  }, 120_000);
});
