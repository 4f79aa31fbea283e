import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cloud, CloudResults, CommandInput, ModCloudResults, MyWord } from '@agora/shared';
import { actor, clientId, type Actor } from '../support/actors.ts';
import { joinCrowd, Wire, type Voter } from '../support/crowd.ts';
import { withStoppedStore } from '../support/seed.ts';
import {
  closeAllSockets,
  codesOf,
  ok,
  record,
  refused,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

// One server with the demo and 120 more registrants, and an organiser's extra blocked word. Every
// phone of the crowd and the plenary's projector record every event they receive for the whole file.

const CROWD = 120;
const started: RunningServer[] = [];
let server: RunningServer;
let plenary: string;
let mod: Actor;
let projector: Actor;
let crowd: Voter[];
let wires: Wire[];

beforeAll(async () => {
  const env = { WORDCLOUD_BLOCKLIST: 'zut, langue de bois' };
  const first = await startServer({ env });
  started.push(first);
  await first.stop();
  const seeded = await withStoppedStore(first.dataDir, async (seed) =>
    seed.participants(await seed.editionIdOf(first.demo.slug), CROWD, 'Nuage'),
  );
  server = await startServer({ dataDir: first.dataDir, env });
  started.push(server);
  plenary = server.demo.plenarySessionId;
  mod = await actor(server, 'moderator', 0);
  await ok(mod.socket, 'moderation:join', { sessionId: plenary });
  const screen = codesOf(server.demo, 'projector').findIndex((c) => c.sessionId === plenary);
  projector = await actor(server, 'projector', screen);
  crowd = await joinCrowd(server.url, server.demo.slug, seeded);
  wires = [...crowd, projector].map((a) => new Wire(a.socket));
  await Promise.all(
    [...crowd, projector].map((a) =>
      ok(a.socket, 'session:join', { sessionId: plenary }).then((s) => s.interactions),
    ),
  );
}, 120_000);

afterAll(async () => {
  closeAllSockets();
  for (const s of started) await s.stop();
  for (const dir of new Set(started.map((s) => s.dataDir))) await removeDataDir(dir);
});

type Draft = CommandInput<'cloud:create'>['draft'];

async function openCloud(draft: Partial<Draft> = {}, sessionId = plenary): Promise<Cloud> {
  const cloud = await ok(mod.socket, 'cloud:create', {
    sessionId,
    draft: { prompt: 'En un mot, la coopération c’est…', ...draft },
  });
  return ok(mod.socket, 'cloud:open', { cloudId: cloud.id });
}

async function moderated(cloudId: string, sessionId = plenary): Promise<ModCloudResults> {
  const snapshot = await ok(mod.socket, 'moderation:join', { sessionId });
  const results = snapshot.interactions.cloudResults.find((r) => r.cloudId === cloudId);
  if (!results) throw new Error(`no results for cloud ${cloudId}`);
  return results;
}

const send = (who: Actor, cloudId: string, text: string, id = clientId('word')) =>
  ok(who.socket, 'cloud:submit', { cloudId, clientId: id, text });

/** Word groups by key: count and split, and the text shown. */
const byKey = <W extends CloudResults['words'][number]>(results: {
  words: W[];
}): Record<string, W | undefined> => Object.fromEntries(results.words.map((w) => [w.key, w]));

/** What every phone and the projector received of one cloud's audience results. */
const audienceResults = (cloudId: string) =>
  wires.flatMap((w) => w.of('cloud:results').filter((r) => r.cloudId === cloudId));

/**
 * Spellings people type, the group the normaliser puts them in (see normalise.test.ts), and the
 * display each one counts for (what is left once spaces and surrounding punctuation are gone).
 */
const VOCABULARY = [
  {
    key: 'confiance',
    spellings: [
      ['Confiance', 'Confiance'],
      ['confiance', 'confiance'],
      [' CONFIANCE ! ', 'CONFIANCE'],
      ['« confiance »', 'confiance'],
      ['confiances', 'confiances'],
    ],
  },
  {
    key: 'ecoute',
    spellings: [
      ['l’écoute', 'l’écoute'],
      ["L'Écoute", "L'Écoute"],
      ['écoute', 'écoute'],
      ['Ecoute', 'Ecoute'],
    ],
  },
  {
    key: 'cooperation',
    spellings: [
      ['Coopération', 'Coopération'],
      ['coopérations', 'coopérations'],
      ['cooperation', 'cooperation'],
    ],
  },
  {
    key: 'trust',
    spellings: [
      ['Trust', 'Trust'],
      ['trusts!', 'trusts'],
    ],
  },
  {
    key: 'la confiance',
    spellings: [
      ['la confiance', 'la confiance'],
      ['La Confiance.', 'La Confiance'],
    ],
  },
] as const;

describe('word clouds', () => {
  it('groups what a crowd types concurrently under exact counts, retries and repeats counted once', async () => {
    const cloud = await openCloud();
    const modResults = record(mod.socket, 'cloud:moderation');
    const expected = new Map<
      string,
      { count: number; onsite: number; remote: number; displays: Map<string, number> }
    >();
    await Promise.all(
      crowd.map(async (v, i) => {
        const sent: MyWord[] = [];
        for (const k of [0, 1, 2]) {
          const group = VOCABULARY[(i + k) % VOCABULARY.length]!;
          const [text, display] = group.spellings[(i + k) % group.spellings.length]!;
          const id = clientId('w');
          // Every third word is sent twice at once, as a retry after a lost ack.
          const acks = await Promise.all((i % 3 === k ? [0, 1] : [0]).map(() => send(v, cloud.id, text, id)));
          for (const ack of acks)
            expect(ack).toEqual({ cloudId: cloud.id, clientId: id, text: display, key: group.key });
          sent.push(acks[0]!);
          const e = expected.get(group.key) ?? { count: 0, onsite: 0, remote: 0, displays: new Map() };
          e.count += 1;
          e[v.attendance] += 1;
          e.displays.set(display, (e.displays.get(display) ?? 0) + 1);
          expected.set(group.key, e);
        }
        // Another spelling of a word already sent counts nothing and takes no slot…
        const again = VOCABULARY[i % VOCABULARY.length]!;
        const other = again.spellings[(i + 1) % again.spellings.length]![0];
        expect((await send(v, cloud.id, other)).key).toBe(again.key);
        // …so the limit (3) is reached only by a fourth group; a late retry still answers its word.
        expect(
          (
            await refused(v.socket, 'cloud:submit', {
              cloudId: cloud.id,
              clientId: clientId(),
              text: 'Solidarité',
            })
          ).code,
        ).toBe('LIMIT_REACHED');
        expect(await send(v, cloud.id, 'ignored', sent[0]!.clientId)).toEqual(sent[0]);
      }),
    );

    const results = await moderated(cloud.id);
    expect(results.participants).toBe(CROWD);
    expect(results.words.map((w) => w.key).sort()).toEqual([...expected.keys()].sort());
    for (const [key, e] of expected) {
      const word = byKey(results)[key]!;
      expect({ key, count: word.count, onsite: word.onsite, remote: word.remote }).toEqual({
        key,
        count: e.count,
        onsite: e.onsite,
        remote: e.remote,
      });
      const best = Math.max(...e.displays.values());
      const mostFrequent = [...e.displays].filter(([, n]) => n === best).map(([d]) => d);
      expect(mostFrequent, key).toContain(word.text);
      expect(word).toMatchObject({ hidden: false, blocked: false });
    }

    // Coalesced: whole clouds a few times per second, the last one exact, everywhere.
    const last = await modResults.until((r) => r.cloudId === cloud.id && r.version === results.version);
    expect(last).toEqual(results);
    const broadcasts = modResults.events.filter((r) => r.cloudId === cloud.id);
    expect(broadcasts.length).toBeLessThan(results.version / 5);
    const seen = await Promise.all(
      wires.map((w) =>
        w.until('cloud:results', (r) => r.cloudId === cloud.id && r.version === results.version),
      ),
    );
    const shown = results.words.map(({ key, text, count, onsite, remote }) => ({
      key,
      text,
      count,
      onsite,
      remote,
    }));
    for (const r of seen) expect(byKey(r)).toEqual(byKey({ ...results, words: shown }));
    modResults.stop();
  });

  it('refuses words beyond the cloud’s limits and changes nothing', async () => {
    const cloud = await openCloud({ maxWordsPerParticipant: 2, maxLength: 12 });
    const [who, other] = crowd.slice(0, 2) as [Voter, Voter];
    const first = await send(who, cloud.id, 'Confiance');
    await send(who, cloud.id, 'Partage');
    const before = await moderated(cloud.id);
    const attempts: [string, unknown, string][] = [
      ['a third word', 'Écoute', 'LIMIT_REACHED'],
      ['longer than the cloud allows', 'Interopérabilité', 'INVALID_PAYLOAD'],
      ['only punctuation', '« … » !?', 'INVALID_PAYLOAD'],
      ['only spaces', '   ', 'INVALID_PAYLOAD'],
      ['longer than any cloud allows', 'x'.repeat(61), 'INVALID_PAYLOAD'],
      ['not a text', 42, 'INVALID_PAYLOAD'],
    ];
    for (const [what, text, code] of attempts) {
      const error = await refused(who.socket, 'cloud:submit', {
        cloudId: cloud.id,
        clientId: clientId(),
        text,
      });
      expect(error.code, what).toBe(code);
    }
    // Retries and another spelling of a word already sent are answered, and use no slot.
    expect(await send(who, cloud.id, 'Confiance', first.clientId)).toEqual(first);
    expect((await send(who, cloud.id, 'confiances !')).key).toBe('confiance');
    expect(await moderated(cloud.id)).toEqual(before);

    // Another participant has their own two words.
    await send(other, cloud.id, 'Partages');
    await send(other, cloud.id, 'Écoute');
    const after = byKey(await moderated(cloud.id));
    expect(Object.fromEntries(Object.entries(after).map(([k, w]) => [k, w?.count]))).toEqual({
      confiance: 1,
      partage: 2,
      ecoute: 1,
    });
    expect(after.partage?.text).toBe('Partage');
  });

  it('hides a word from every screen at once, keeps it hidden when sent again, and shows it back', async () => {
    const cloud = await openCloud();
    const modResults = record(mod.socket, 'cloud:moderation');
    await Promise.all(crowd.slice(0, 3).map((v) => send(v, cloud.id, 'Bureaucratie')));
    await Promise.all(crowd.slice(3, 5).map((v) => send(v, cloud.id, 'Confiance')));
    await Promise.all(
      wires.map((w) =>
        w.until(
          'cloud:results',
          (r) =>
            r.cloudId === cloud.id && byKey(r).bureaucratie?.count === 3 && byKey(r).confiance?.count === 2,
        ),
      ),
    );

    const hidden = await ok(mod.socket, 'cloud:hide', {
      cloudId: cloud.id,
      key: 'bureaucratie',
      hidden: true,
    });
    expect(hidden).toMatchObject({ key: 'bureaucratie', count: 3, hidden: true, blocked: false });
    const hiddenAt = (
      await modResults.until((r) => r.cloudId === cloud.id && byKey(r).bureaucratie?.hidden === true)
    ).version;
    // At once: no new word is needed for the screens to drop it.
    await Promise.all(
      wires.map((w) => w.until('cloud:results', (r) => r.cloudId === cloud.id && r.version >= hiddenAt)),
    );

    // Sent again, by a new person and in another spelling: counted for moderators, still hidden.
    await send(crowd[5]!, cloud.id, '« bureaucraties »');
    await send(crowd[6]!, cloud.id, 'confiance');
    const counted = await modResults.until(
      (r) => r.cloudId === cloud.id && byKey(r).bureaucratie?.count === 4 && byKey(r).confiance?.count === 3,
    );
    expect(byKey(counted).bureaucratie).toMatchObject({ hidden: true });
    await Promise.all(
      wires.map((w) =>
        w.until('cloud:results', (r) => r.cloudId === cloud.id && r.version >= counted.version),
      ),
    );
    const whileHidden = audienceResults(cloud.id).filter((r) => r.version >= hiddenAt);
    expect(whileHidden.length).toBeGreaterThanOrEqual(wires.length * 2);
    expect(whileHidden.filter((r) => byKey(r).bureaucratie)).toEqual([]);
    const snapshot = await ok(crowd[7]!.socket, 'session:join', { sessionId: plenary }).then(
      (s) => s.interactions,
    );
    expect(snapshot.cloudResults.find((r) => r.cloudId === cloud.id)?.words.map((w) => w.key)).toEqual([
      'confiance',
    ]);

    const shown = await ok(mod.socket, 'cloud:hide', {
      cloudId: cloud.id,
      key: 'bureaucratie',
      hidden: false,
    });
    expect(shown).toMatchObject({ count: 4, hidden: false, text: 'Bureaucratie' });
    const back = await Promise.all(
      wires.map((w) =>
        w.until('cloud:results', (r) => r.cloudId === cloud.id && byKey(r).bureaucratie?.count === 4),
      ),
    );
    for (const r of back) expect(byKey(r).bureaucratie).toMatchObject({ count: 4, text: 'Bureaucratie' });

    expect(
      (await refused(mod.socket, 'cloud:hide', { cloudId: cloud.id, key: 'personne', hidden: true })).code,
    ).toBe('NOT_FOUND');
    modResults.stop();
  });

  it('holds blocked words back from the audience until a moderator shows them', async () => {
    const cloud = await openCloud();
    const modResults = record(mod.socket, 'cloud:moderation');
    await send(crowd[0]!, cloud.id, 'Merde !');
    await send(crowd[1]!, cloud.id, 'espèce de connard');
    await send(crowd[2]!, cloud.id, 'Zut');
    await send(crowd[3]!, cloud.id, 'Langue de bois');
    await send(crowd[4]!, cloud.id, 'Confiance');
    await send(crowd[5]!, cloud.id, 'merde');
    const held = await modResults.until(
      (r) => r.cloudId === cloud.id && byKey(r).merde?.count === 2 && byKey(r).confiance !== undefined,
    );
    for (const key of ['merde', 'espece de connard', 'zut', 'langue de bois'])
      expect(byKey(held)[key], key).toMatchObject({ hidden: true, blocked: true });
    expect(byKey(held).confiance).toMatchObject({ hidden: false, blocked: false });
    await Promise.all(
      wires.map((w) => w.until('cloud:results', (r) => r.cloudId === cloud.id && r.version >= held.version)),
    );
    const received = audienceResults(cloud.id);
    expect(received.length).toBeGreaterThanOrEqual(wires.length);
    for (const r of received) expect(r.words.filter((w) => w.key !== 'confiance')).toEqual([]);

    // The moderator releases the organiser's own word: it reaches the screens; the others stay held.
    const released = await ok(mod.socket, 'cloud:hide', { cloudId: cloud.id, key: 'zut', hidden: false });
    expect(released.hidden).toBe(false);
    const seen = await Promise.all(
      wires.map((w) => w.until('cloud:results', (r) => r.cloudId === cloud.id && byKey(r).zut !== undefined)),
    );
    for (const r of seen) expect(r.words.map((w) => w.key).sort()).toEqual(['confiance', 'zut']);
    modResults.stop();
  });

  it('sends a hidden cloud’s words to moderators only, and to the audience once revealed', async () => {
    const from = wires.map((w) => w.received.length);
    const modResults = record(mod.socket, 'cloud:moderation');
    const cloud = await openCloud({ visibility: 'hidden' });
    expect(cloud).toMatchObject({ visibility: 'hidden', revealed: false });
    await Promise.all(
      crowd.slice(0, 30).map((v, i) => send(v, cloud.id, i % 2 === 0 ? 'Ensemble' : 'Lenteur')),
    );
    const live = await modResults.until((r) => r.cloudId === cloud.id && r.participants === 30);
    expect(byKey(live).ensemble?.count).toBe(15);
    const view = await ok(crowd[0]!.socket, 'session:join', { sessionId: plenary }).then(
      (s) => s.interactions,
    );
    expect(view.cloudResults.map((r) => r.cloudId)).not.toContain(cloud.id);
    expect(view.myWords.filter((w) => w.cloudId === cloud.id).map((w) => w.text)).toEqual(['Ensemble']);

    await ok(mod.socket, 'cloud:reveal', { cloudId: cloud.id, revealed: true });
    const revealed = await Promise.all(
      wires.map((w) => w.until('cloud:results', (r) => r.cloudId === cloud.id)),
    );
    for (const r of revealed) expect(r.participants).toBe(30);
    for (const [k, w] of wires.entries()) {
      const mine = w.received.slice(from[k]);
      const reveal = mine.findIndex(
        (e) => e.name === 'cloud:updated' && (e.raw as Cloud).id === cloud.id && (e.raw as Cloud).revealed,
      );
      expect(reveal, `reveal reached socket ${k}`).toBeGreaterThanOrEqual(0);
      const leaks = mine
        .slice(0, reveal)
        .filter((e) => JSON.stringify(e.raw).includes(`"cloudId":"${cloud.id}"`));
      expect(leaks, `socket ${k}`).toEqual([]);
    }
    modResults.stop();
  });

  it('closes for the hall at once and for remote people after the stream delay, with exact final words', async () => {
    await ok(mod.socket, 'session:set-delay', { sessionId: plenary, remoteDelaySeconds: 1 });
    const cloud = await openCloud();
    const onsite = crowd.filter((v) => v.attendance === 'onsite').slice(0, 4);
    const remote = crowd.filter((v) => v.attendance === 'remote').slice(0, 4);
    await Promise.all([...onsite, ...remote].map((v) => send(v, cloud.id, 'Avant')));
    const final = Promise.all(
      wires.map((w) => w.until('cloud:results', (r) => r.cloudId === cloud.id && r.final)),
    );
    const closing = await ok(mod.socket, 'cloud:close', { cloudId: cloud.id });
    expect(closing.status).toBe('closing');
    for (const v of onsite) {
      expect(
        (await refused(v.socket, 'cloud:submit', { cloudId: cloud.id, clientId: clientId(), text: 'Après' }))
          .code,
      ).toBe('CLOSED');
    }
    await Promise.all(remote.map((v) => send(v, cloud.id, 'Après')));
    const results = await final;
    for (const r of results) {
      expect(byKey(r)).toEqual({
        avant: { key: 'avant', text: 'Avant', count: 8, onsite: 4, remote: 4 },
        apres: { key: 'apres', text: 'Après', count: 4, onsite: 0, remote: 4 },
      });
    }
    expect(
      (
        await refused(remote[0]!.socket, 'cloud:submit', {
          cloudId: cloud.id,
          clientId: clientId(),
          text: 'Trop tard',
        })
      ).code,
    ).toBe('CLOSED');
    await ok(mod.socket, 'session:set-delay', { sessionId: plenary, remoteDelaySeconds: 0 });
  });

  it('keeps clouds to the people the policy names, and their management to moderators', async () => {
    const workshop = server.demo.workshopSessionId;
    const cloud = await openCloud({}, workshop);
    const remote = crowd.find((v) => v.attendance === 'remote')!;
    const onsite = crowd.find((v) => v.attendance === 'onsite')!;
    expect(
      (
        await refused(remote.socket, 'cloud:submit', {
          cloudId: cloud.id,
          clientId: clientId(),
          text: 'Distance',
        })
      ).code,
    ).toBe('POLICY_FORBIDS');
    await send(onsite, cloud.id, 'Présence');
    for (const who of [projector, mod]) {
      const error = await refused(who.socket, 'cloud:submit', {
        cloudId: cloud.id,
        clientId: clientId(),
        text: 'Moi aussi',
      });
      expect(error.code, who.me.role).toBe('FORBIDDEN');
    }
    const attempts = [
      refused(onsite.socket, 'cloud:create', { sessionId: workshop, draft: { prompt: 'Le mien ?' } }),
      refused(onsite.socket, 'cloud:open', { cloudId: cloud.id }),
      refused(onsite.socket, 'cloud:close', { cloudId: cloud.id }),
      refused(onsite.socket, 'cloud:reveal', { cloudId: cloud.id, revealed: true }),
      refused(onsite.socket, 'cloud:hide', { cloudId: cloud.id, key: 'presence', hidden: true }),
      refused(projector.socket, 'cloud:hide', { cloudId: cloud.id, key: 'presence', hidden: true }),
    ];
    for (const attempt of attempts) expect((await attempt).code).toBe('FORBIDDEN');
    const results = await moderated(cloud.id, workshop);
    expect(results.words).toEqual([
      { key: 'presence', text: 'Présence', count: 1, onsite: 1, remote: 0, hidden: false, blocked: false },
    ]);
    expect(wires.flatMap((w) => w.invalid)).toEqual([]);
  });
});
