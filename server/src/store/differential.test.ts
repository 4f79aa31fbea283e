import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppError,
  defaultPolicy,
  type AttendanceMode,
  type Audience,
  type ModerationAction,
  type ScreenItem,
} from '@agora/shared';
import { startRedisCluster, type RedisCluster } from '../../../tests/support/redis-cluster.ts';
import { randomPrefix, startRedis, type RedisServer } from '../../../tests/support/redis-server.ts';
import type {
  CloudDefinition,
  InteractionKind,
  PollDefinition,
} from '../modules/interactions/interactions.store.ts';
import { edition, EDITION, session } from '../../../tests/support/store-contract/fixtures.ts';
import { BlockedWords } from '../modules/wordcloud/blocked-words.ts';
import { normaliseWord } from '../modules/wordcloud/normalise.ts';
import { EmbeddedStore } from './memory/embedded-store.ts';
import { scanKeys } from './redis/key-layout.ts';
import { RedisStore } from './redis/redis-store.ts';
import type { Store } from './store.ts';

/*
 * The differential test: the same seeded random sequences of operations, applied through the
 * `Store` interface to the embedded store and to the Redis store, must give the same answers, the
 * same refusals (code and message) and the same snapshot of everything readable. It pins the two
 * implementations of every rule together until the rules move into pure functions. Questions have
 * (questions.rules.ts): for them it pins how each store applies a decision, and the ask and upvote
 * scripts kept in Lua for the hot path.
 *
 * The world is small on purpose, so that operations collide: two editions (the second only for
 * slugs), two sessions (no stream delay, and a 120 s one), four participants (two in the hall, two
 * remote) with two client ids each for asks, the questions asked so far (an operation names one by
 * its rank), four poll-or-cloud ids shared by both kinds (two polls and a cloud are open from the
 * start). A fake clock moves forward by a random step before each operation, often into and across
 * a remote window.
 *
 * Normalised: nothing in the answers; in the snapshot only what the interface leaves unordered
 * (see `snapshot`). Ids are supplied by the test, as the services supply them. Not covered:
 * concurrent calls (a Redis method of several scripts, such as the go-live wipe, is atomic per
 * session only, so interleavings may differ legitimately), two Redis nodes, the presence board.
 *
 * 100 sequences of up to 100 operations (about 5,000) take 15-20 s here; 1,000 about 2.5 min.
 * DIFF_SEED=<n> replays a run (fast-check prints the seed, and the path of the shrunk case, on
 * failure; DIFF_PATH=<path> goes straight to it); DIFF_RUNS=<n> sets the number of sequences;
 * DIFF_STATS=1 prints how often each operation was answered or refused.
 */

const RUNS = Number(process.env.DIFF_RUNS ?? 100);
/** On the Redis Cluster (same key layout and scripts; what differs is the routing): fewer sequences. */
const CLUSTER_RUNS = Number(process.env.DIFF_CLUSTER_RUNS ?? 25);
const MAX_OPS = 100;
const SNAPSHOT_EVERY = 10;
const T0 = 1_782_000_000_000;

const SESSIONS = ['ses1', 'ses2', 'ses-missing'] as const;
const PARTICIPANTS = [
  { id: 'p0', attendance: 'onsite' },
  { id: 'p1', attendance: 'onsite' },
  { id: 'p2', attendance: 'remote' },
  { id: 'p3', attendance: 'remote' },
] as const satisfies readonly { id: string; attendance: AttendanceMode }[];
const CLIENTS = 2;
/** Question operations name a question by its rank among the ids asked so far; this one never exists. */
const MISSING = 99;
const INTERACTION_IDS = ['i0', 'i1', 'i2', 'i3', 'i-missing'];
const TEXTS = ['Why now?', 'Why now ?', 'How will hybrid events scale?', 'Qui paie la bande passante ?'];

const POLLS: PollDefinition[] = [
  {
    question: 'La coopération, c’est…',
    pollKind: 'single',
    options: [
      { id: 'a', label: 'Facile' },
      { id: 'b', label: 'Difficile' },
      { id: 'c', label: 'Indispensable' },
    ],
    maxChoices: 1,
    scale: null,
    visibility: 'live',
  },
  {
    question: 'Which ones?',
    pollKind: 'multiple',
    options: [
      { id: 'a', label: 'A' },
      { id: 'b', label: 'B' },
      { id: 'c', label: 'C' },
      { id: 'd', label: 'D' },
    ],
    maxChoices: 2,
    scale: null,
    visibility: 'hidden',
  },
  {
    question: 'Utile ?',
    pollKind: 'rating',
    options: ['1', '2', '3', '4', '5'].map((v) => ({ id: v, label: v })),
    maxChoices: 1,
    scale: { min: 1, max: 5, minLabel: 'pas du tout', maxLabel: 'tout à fait' },
    visibility: 'live',
  },
];
const CLOUDS: CloudDefinition[] = [
  { prompt: 'En un mot ?', maxWordsPerParticipant: 3, maxLength: 30, visibility: 'live' },
  { prompt: 'One word?', maxWordsPerParticipant: 2, maxLength: 6, visibility: 'hidden' },
];
/** Spellings as typed; each line is one group once normalised. Lengths around the clouds' limits. */
const TYPED = [
  ['confiance', 'Confiance', 'CONFIANCE'],
  ['été', 'L’été', "l'ete"],
  ['merde', 'Merde !'],
  ['Web:3', 'web:3'],
  ['mot clé', 'Mot  clé', 'MOT CLÉ'],
  ['Œuvres', 'oeuvres'],
  ['a', 'A'],
];
const blockedWords = new BlockedWords();
/**
 * Word groups as the service builds them (its normaliser and blocked words), and two the interface
 * allows though the normaliser never gives them: a key of emoji (6 and 7 code points, more bytes)
 * and an empty one.
 */
const WORDS = [
  ...TYPED.map((spellings) => {
    const normalised = spellings.map((typed) => normaliseWord(typed)!);
    const key = normalised[0]!.key;
    if (normalised.some((n) => n.key !== key)) throw new Error(`${spellings.join(', ')}: not one group`);
    return { key, spellings: normalised.map((n) => n.display), blocked: blockedWords.blocks(key) };
  }),
  { key: 'smile', spellings: ['🙂🙂🙂🙂🙂🙂', '🙂🙂🙂🙂🙂🙂🙂'], blocked: false },
  { key: '', spellings: [''], blocked: false },
];

// ---------- operations (plain data, so a shrunk counterexample reads as it is) ----------

type Op =
  /** `taken`: the id of a question already asked, which the services' random ids never give. */
  | {
      t: 'ask';
      s: number;
      author: number;
      client: number;
      text: number;
      anonymous: boolean;
      taken: number | null;
    }
  | { t: 'upvote'; q: number; voter: number; up: boolean }
  | { t: 'moderate'; q: number; action: ModerationAction }
  | { t: 'edit'; q: number; text: number }
  | { t: 'merge'; source: number; target: number }
  | { t: 'onScreen'; s: number; q: number | null }
  | { t: 'createPoll'; i: number; s: number; def: number }
  | { t: 'updatePoll'; i: number; def: number }
  | { t: 'createCloud'; i: number; s: number; def: number }
  | { t: 'updateCloud'; i: number; def: number }
  | { t: 'lifecycle'; kind: InteractionKind; i: number; action: 'open' | 'close' | 'finalize' }
  | { t: 'reveal'; kind: InteractionKind; i: number; revealed: boolean }
  | {
      t: 'ballot';
      i: number;
      voter: number;
      switched: boolean;
      client: number;
      picks: number[];
      stray: boolean;
      edge: number | null;
    }
  | {
      t: 'word';
      i: number;
      who: number;
      switched: boolean;
      client: number;
      word: number;
      spelling: number;
      edge: number | null;
    }
  | { t: 'hide'; i: number; word: number; hidden: boolean }
  | {
      t: 'screen';
      s: number;
      item: { kind: InteractionKind; i: number; split: boolean } | { kind: 'question'; q: number } | null;
    }
  | { t: 'delay'; s: number; seconds: number }
  /** An organizer's edit of a session (the missing one is created). */
  | { t: 'putSession'; s: number; seconds: number; workshop: boolean }
  | { t: 'putEdition'; e: number; slug: number }
  | { t: 'erase'; who: number }
  | { t: 'reimport'; who: number; name: string }
  | { t: 'policy'; s: number; ask: Audience; vote: Audience }
  | { t: 'revoke'; who: number }
  | { t: 'reissue'; who: number }
  | { t: 'account'; n: number; email: number }
  | { t: 'settings'; rehearsal: boolean; purged: boolean }
  | { t: 'claim' }
  | { t: 'wipeQuestions' }
  | { t: 'wipeInteractions' }
  /**
   * The remote-window timer: the clock goes to the end of the first window still open (to the
   * millisecond, or one either side), and the interaction is finalized there. The steps after it
   * with no time step land on the boundary too.
   */
  | { t: 'timer'; delta: number }
  /** The previous operation sent again (a client retrying after a lost ack). */
  | { t: 'again' }
  /** Embedded store only: close and reopen from the same folder (snapshot and journal). */
  | { t: 'restart' };

type Step = Op & { dt: number };

/**
 * A ballot or word sent at the end of its poll's or cloud's remote window (to the millisecond, or
 * one either side) when it is closing: the clock jumps there first. Null: at the clock's time.
 */
const edge = fc.oneof(
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: fc.constantFrom(-1, 0, 1), weight: 1 },
);
/** True about once in `n + 1` draws. */
const rarely = (n: number) => fc.nat(n).map((x) => x === 0);
const sessionIx = fc.oneof(
  { arbitrary: fc.constant(0), weight: 6 },
  { arbitrary: fc.constant(1), weight: 6 },
  { arbitrary: fc.constant(2), weight: 1 },
);
const question = fc.oneof(
  { arbitrary: fc.nat(7), weight: 12 },
  { arbitrary: fc.constant(MISSING), weight: 1 },
);
const interaction = fc.oneof({ arbitrary: fc.nat(3), weight: 12 }, { arbitrary: fc.constant(4), weight: 1 });
/** Ballots mostly go to the seeded polls (i0, i1), words to the seeded cloud and the free id. */
const pollTarget = fc.oneof(
  { arbitrary: fc.constantFrom(0, 1), weight: 4 },
  { arbitrary: interaction, weight: 1 },
);
const cloudTarget = fc.oneof(
  { arbitrary: fc.constant(2), weight: 6 },
  { arbitrary: fc.constant(3), weight: 2 },
  { arbitrary: interaction, weight: 1 },
);
/** A poll or cloud for the lifecycle and the screen: mostly a kind and id that go together. */
const ref = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      { kind: 'poll' as InteractionKind, i: 0 },
      { kind: 'poll' as InteractionKind, i: 1 },
      { kind: 'cloud' as InteractionKind, i: 2 },
    ),
    weight: 6,
  },
  {
    arbitrary: fc.record({ kind: fc.constantFrom<InteractionKind>('poll', 'cloud'), i: fc.constant(3) }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constantFrom<InteractionKind>('poll', 'cloud'), i: interaction }),
    weight: 1,
  },
);
const audience = fc.constantFrom<Audience>('everyone', 'onsite', 'nobody');
const participant = fc.nat(PARTICIPANTS.length - 1);
const client = fc.nat(CLIENTS - 1);
/** Client ids of ballots and words: enough to reach a cloud's word limit, few enough to be reused. */
const submission = fc.nat(5);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      t: fc.constant('ask'),
      // Most questions in one session, so that merges (one session only) chain.
      s: fc.oneof(
        { arbitrary: fc.constant(0), weight: 9 },
        { arbitrary: fc.constant(1), weight: 3 },
        { arbitrary: fc.constant(2), weight: 1 },
      ),
      author: participant,
      client,
      text: fc.nat(TEXTS.length - 1),
      anonymous: fc.boolean(),
      taken: fc.oneof({ arbitrary: fc.constant(null), weight: 20 }, { arbitrary: fc.nat(7), weight: 1 }),
    }),
    weight: 16,
  },
  {
    arbitrary: fc.record({ t: fc.constant('upvote'), q: question, voter: participant, up: fc.boolean() }),
    weight: 12,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('moderate'),
      q: question,
      action: fc.constantFrom<ModerationAction>(
        'approve',
        'approve',
        'reject',
        'answer',
        'reopen',
        'star',
        'unstar',
      ),
    }),
    weight: 12,
  },
  {
    arbitrary: fc.record({ t: fc.constant('edit'), q: question, text: fc.nat(TEXTS.length - 1) }),
    weight: 4,
  },
  { arbitrary: fc.record({ t: fc.constant('merge'), source: question, target: question }), weight: 12 },
  { arbitrary: fc.record({ t: fc.constant('onScreen'), s: sessionIx, q: fc.option(question) }), weight: 4 },
  {
    arbitrary: fc.record({
      t: fc.constant('createPoll'),
      i: interaction,
      s: sessionIx,
      def: fc.nat(POLLS.length - 1),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ t: fc.constant('updatePoll'), i: interaction, def: fc.nat(POLLS.length - 1) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('createCloud'),
      i: interaction,
      s: sessionIx,
      def: fc.nat(CLOUDS.length - 1),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ t: fc.constant('updateCloud'), i: interaction, def: fc.nat(CLOUDS.length - 1) }),
    weight: 2,
  },
  {
    arbitrary: fc
      .record({
        t: fc.constant('lifecycle'),
        ref,
        action: fc.constantFrom('open', 'open', 'close', 'close', 'finalize'),
      })
      .map(({ t, ref: { kind, i }, action }) => ({ t, kind, i, action })),
    weight: 24,
  },
  {
    arbitrary: fc
      .record({ t: fc.constant('reveal'), ref, revealed: fc.boolean() })
      .map(({ t, ref: { kind, i }, revealed }) => ({ t, kind, i, revealed })),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('ballot'),
      i: pollTarget,
      voter: participant,
      switched: rarely(5),
      client: submission,
      picks: fc.oneof(
        { arbitrary: fc.constant<number[]>([]), weight: 1 },
        { arbitrary: fc.array(fc.nat(4), { minLength: 1, maxLength: 1 }), weight: 8 },
        { arbitrary: fc.array(fc.nat(4), { minLength: 2, maxLength: 3 }), weight: 3 },
      ),
      stray: rarely(10),
      edge,
    }),
    weight: 24,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('word'),
      i: cloudTarget,
      who: participant,
      switched: rarely(5),
      client: submission,
      word: fc.nat(WORDS.length - 1),
      spelling: fc.nat(2),
      edge,
    }),
    weight: 20,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('hide'),
      i: cloudTarget,
      word: fc.nat(WORDS.length - 1),
      hidden: fc.boolean(),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('screen'),
      s: sessionIx,
      item: fc.option(
        fc.oneof(
          fc.record({ ref, split: fc.boolean() }).map(({ ref: { kind, i }, split }) => ({ kind, i, split })),
          fc.record({ kind: fc.constant('question' as const), q: question }),
        ),
        { freq: 5 },
      ),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({ t: fc.constant('delay'), s: sessionIx, seconds: fc.constantFrom(0, 5, 120) }),
    weight: 1,
  },
  { arbitrary: fc.record({ t: fc.constant('erase'), who: participant }), weight: 1 },
  {
    arbitrary: fc.record({
      t: fc.constant('reimport'),
      who: participant,
      name: fc.constantFrom('Ada', 'Grace'),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      t: fc.constant('putSession'),
      s: sessionIx,
      seconds: fc.constantFrom(0, 5, 120),
      workshop: fc.boolean(),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ t: fc.constant('putEdition'), e: fc.nat(1), slug: fc.nat(2) }), weight: 1 },
  {
    arbitrary: fc.record({ t: fc.constant('policy'), s: sessionIx, ask: audience, vote: audience }),
    weight: 1,
  },
  { arbitrary: fc.record({ t: fc.constant('revoke'), who: participant }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('reissue'), who: participant }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('account'), n: fc.nat(2), email: fc.nat(1) }), weight: 1 },
  {
    arbitrary: fc.record({ t: fc.constant('settings'), rehearsal: fc.boolean(), purged: fc.boolean() }),
    weight: 1,
  },
  { arbitrary: fc.constant({ t: 'claim' as const }), weight: 1 },
  { arbitrary: fc.constant({ t: 'wipeQuestions' as const }), weight: 1 },
  { arbitrary: fc.constant({ t: 'wipeInteractions' as const }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('timer'), delta: fc.constantFrom(-1, 0, 0, 1) }), weight: 4 },
  { arbitrary: fc.constant({ t: 'again' as const }), weight: 8 },
  { arbitrary: fc.constant({ t: 'restart' as const }), weight: 1 },
);

/**
 * Mostly small steps, so that a remote window (5 s or 120 s) sees many operations; sometimes none;
 * sometimes long enough to end a window in one step.
 */
const dtArb = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.integer({ min: 1, max: 3_000 }), weight: 6 },
  { arbitrary: fc.integer({ min: 4_000, max: 40_000 }), weight: 2 },
  { arbitrary: fc.integer({ min: 40_000, max: 150_000 }), weight: 1 },
);
const stepsArb: fc.Arbitrary<Step[]> = fc.array(
  fc.tuple(dtArb, opArb).map(([dt, op]) => ({ ...op, dt })),
  { minLength: 1, maxLength: MAX_OPS, size: 'max' },
);

// ---------- applying an operation ----------

/** What a run has handed out so far: question ids asked, code hashes issued. */
interface Run {
  index: number;
  asked: string[];
  hashes: string[];
}

/** One store call, the same for both stores; `at` is the fake clock when it is sent. */
type Call = (store: Store, at: number) => Promise<unknown>;

const EDITIONS = [
  edition,
  { ...edition, id: 'ed2', slug: 'ed-two', startDate: '2026-09-01', endDate: '2026-09-02' },
];
const SLUGS = ['ed-one', 'ed-two', 'ed-three'];
const ORGANIZER_IDS = ['o0', 'o1', 'o2'];
const ORGANIZER_EMAILS = ['org0@example.org', 'org1@example.org'];

const clientId = (what: string, who: string, n: number) => `client-${what}-${who}-${n}`;
const participantMode = (who: number, switched: boolean): AttendanceMode => {
  const mode = PARTICIPANTS[who]!.attendance;
  return switched ? (mode === 'onsite' ? 'remote' : 'onsite') : mode;
};

/**
 * The store call an operation stands for. Arguments that depend on the state (a ballot's option
 * ids) are read from the embedded store before the call, so both stores get the very same call.
 */
async function callOf(op: Op, run: Run, reference: Store): Promise<Call> {
  const sid = (s: number) => SESSIONS[s]!;
  const qid = (q: number) =>
    q === MISSING || run.asked.length === 0 ? 'q-missing' : run.asked[q % run.asked.length]!;
  const iid = (i: number) => INTERACTION_IDS[i]!;
  const pid = (who: number) => PARTICIPANTS[who]!.id;
  switch (op.t) {
    case 'ask': {
      const author = PARTICIPANTS[op.author]!;
      // A fresh id for every ask, as the service's newId(): a retry carries the same client id, not the same id.
      const id = op.taken !== null && run.asked.length > 0 ? qid(op.taken) : `q${run.index}`;
      const input = {
        id,
        sessionId: sid(op.s),
        authorId: author.id,
        clientId: clientId('ask', author.id, op.client),
        text: TEXTS[op.text]!,
        anonymous: op.anonymous,
        authorName: op.anonymous ? '' : `Name ${author.id}`,
        authorMode: author.attendance,
      };
      return async (store, at) => {
        const result = await store.questions.askQuestion({ ...input, at });
        // Both stores are asked; the id is recorded once, from the embedded store's answer.
        if (store instanceof EmbeddedStore && result.created && !run.asked.includes(id)) run.asked.push(id);
        return result;
      };
    }
    case 'upvote':
      return (store, at) =>
        store.questions.setUpvote({ questionId: qid(op.q), voterId: pid(op.voter), up: op.up, at });
    case 'moderate':
      return (store, at) => store.questions.moderate({ questionId: qid(op.q), action: op.action, at });
    case 'edit':
      return (store, at) =>
        store.questions.editQuestion({ questionId: qid(op.q), text: TEXTS[op.text]!, by: 'm1', at });
    case 'merge': {
      // Another question unless both ranks are equal (a merge into itself), even among few.
      const source = qid(op.source);
      const target =
        op.source === op.target || op.source === MISSING ? qid(op.target) : qid(op.source + 1 + op.target);
      return (store, at) => store.questions.mergeQuestions({ sourceId: source, targetId: target, at });
    }
    case 'onScreen':
      return (store, at) =>
        store.questions.setOnScreen({
          sessionId: sid(op.s),
          questionId: op.q === null ? null : qid(op.q),
          at,
        });
    case 'createPoll':
      return (store, at) =>
        store.interactions.createPoll({
          id: iid(op.i),
          sessionId: sid(op.s),
          definition: POLLS[op.def]!,
          at,
        });
    case 'updatePoll':
      return (store, at) =>
        store.interactions.updatePoll({ pollId: iid(op.i), definition: POLLS[op.def]!, at });
    case 'createCloud':
      return (store, at) =>
        store.interactions.createCloud({
          id: iid(op.i),
          sessionId: sid(op.s),
          definition: CLOUDS[op.def]!,
          at,
        });
    case 'updateCloud':
      return (store, at) =>
        store.interactions.updateCloud({ cloudId: iid(op.i), definition: CLOUDS[op.def]!, at });
    case 'lifecycle': {
      const ref = { kind: op.kind, id: iid(op.i) };
      if (op.action === 'open') return (store, at) => store.interactions.openInteraction(ref, at);
      if (op.action === 'close') return (store, at) => store.interactions.closeInteraction(ref, at);
      return (store, at) => store.interactions.finalizeInteraction(ref, at);
    }
    case 'reveal':
      return (store, at) =>
        store.interactions.revealInteraction({ kind: op.kind, id: iid(op.i) }, op.revealed, at);
    case 'ballot': {
      const options = ((await reference.interactions.getPoll(iid(op.i))) ?? POLLS[0]!).options;
      const choices = op.picks.map((p) => options[p % options.length]!.id);
      if (op.stray) choices.push('zz');
      return (store, at) =>
        store.interactions.castBallot({
          pollId: iid(op.i),
          voterId: pid(op.voter),
          mode: participantMode(op.voter, op.switched),
          clientId: clientId('ballot', pid(op.voter), op.client),
          choices,
          at,
        });
    }
    case 'word': {
      const word = WORDS[op.word]!;
      return (store, at) =>
        store.interactions.submitWord({
          cloudId: iid(op.i),
          participantId: pid(op.who),
          mode: participantMode(op.who, op.switched),
          clientId: clientId('word', pid(op.who), op.client),
          text: word.spellings[op.spelling % word.spellings.length]!,
          key: word.key,
          blocked: word.blocked,
          at,
        });
    }
    case 'hide': {
      // Mostly a group the cloud has (a moderator hides what is shown), sometimes any key.
      const groups = (await reference.interactions.cloudResults(iid(op.i)))?.words ?? [];
      const key =
        groups.length > 0 && op.word < WORDS.length - 2
          ? groups[op.word % groups.length]!.key
          : WORDS[op.word]!.key;
      return (store, at) =>
        store.interactions.setWordHidden({ cloudId: iid(op.i), key, hidden: op.hidden, at });
    }
    case 'screen': {
      const { item } = op;
      const screen: ScreenItem | null =
        item === null
          ? null
          : item.kind === 'question'
            ? { kind: 'question', id: qid(item.q) }
            : item.kind === 'poll'
              ? { kind: 'poll', id: iid(item.i), split: item.split }
              : { kind: 'cloud', id: iid(item.i) };
      return (store, at) => store.interactions.setScreen({ sessionId: sid(op.s), item: screen, at });
    }
    case 'delay':
      return (store) => store.program.setRemoteDelay(sid(op.s), op.seconds);
    case 'putSession': {
      const kind = op.workshop ? 'workshop' : 'plenary';
      const edited = session(sid(op.s), {
        title: `Session ${sid(op.s)} (${kind})`,
        kind,
        policy: defaultPolicy(kind),
        remoteDelaySeconds: op.seconds,
      });
      return (store) => store.program.putSession(edited);
    }
    case 'putEdition': {
      // A slug another edition holds is refused by both (program.rules.ts).
      const edited = { ...EDITIONS[op.e]!, slug: SLUGS[op.slug]! };
      return (store) => store.program.putEdition(edited);
    }
    case 'policy':
      return (store) => store.program.setPolicy(sid(op.s), { ask: op.ask, upvote: op.ask, vote: op.vote });
    case 'revoke':
      return (store) => store.identity.revokeCodes('participant', pid(op.who));
    case 'reissue': {
      const hash = `h${run.index}`;
      if (!run.hashes.includes(hash)) run.hashes.push(hash);
      return (store) =>
        store.identity.putCode({
          hash,
          role: 'participant',
          principalId: pid(op.who),
          editionId: EDITION,
          revoked: false,
        });
    }
    case 'account':
      return (store, at) =>
        store.organizer.putOrganizer({
          id: ORGANIZER_IDS[op.n]!,
          email: ORGANIZER_EMAILS[op.email]!,
          name: `Organizer ${op.n}`,
          passwordHash: 'scrypt$not-a-real-hash',
          createdAt: at,
        });
    case 'settings':
      return (store, at) =>
        store.organizer.putSettings(EDITION, { rehearsal: op.rehearsal, purgedAt: op.purged ? at : null });
    case 'claim':
      return (store) => store.program.claimDemo();
    case 'erase':
      // The two steps of the privacy service's erasure, in its order.
      return async (store) => ({
        questions: await store.questions.anonymiseAuthor(EDITION, pid(op.who)),
        codes: await store.identity.erasePrincipal('participant', EDITION, pid(op.who)),
      });
    case 'reimport': {
      const p = PARTICIPANTS[op.who]!;
      // A fresh id, as an import gives every row; an existing registrant keeps its own.
      const row = {
        id: `r${run.index}`,
        editionId: EDITION,
        name: op.name,
        email: `${p.id}@example.org`,
        organisation: '',
        attendance: p.attendance,
      };
      return (store) => store.organizer.upsertRegistrants(EDITION, [row]);
    }
    case 'wipeQuestions':
      return (store) => store.questions.wipeQuestions(EDITION);
    case 'wipeInteractions':
      return (store) => store.interactions.wipeInteractions(EDITION);
    case 'timer':
    case 'again':
    case 'restart':
      throw new Error(`${op.t} is not a store call`);
  }
}

/** The answer of a call, or its refusal: code and message (anything else is a crash, kept as text). */
async function outcome(call: Call, store: Store, at: number): Promise<unknown> {
  try {
    return { ok: await call(store, at) };
  } catch (error) {
    if (error instanceof AppError) return { refused: error.code, message: error.message };
    return { crashed: String(error) };
  }
}

/**
 * Everything the interface lets a caller read about the world. Sorted only where the interface
 * promises no order: `listClosing` (the embedded store lists polls then clouds, Redis by the end
 * of the remote window) and `withActiveCode` (a set).
 */
async function snapshot(store: Store, run: Run): Promise<unknown> {
  const sessions = SESSIONS.map(async (sessionId) => ({
    session: await store.program.getSession(sessionId),
    live: await store.questions.getLive(sessionId),
    questions: await store.questions.listQuestions(sessionId),
    interactions: await store.interactions.listInteractions(sessionId),
    people: await Promise.all(
      PARTICIPANTS.map(async (p) => ({
        upvoted: await store.questions.listUpvoted(sessionId, p.id),
        ballots: await store.interactions.listMyBallots(sessionId, p.id),
        words: await store.interactions.listMyWords(sessionId, p.id),
      })),
    ),
  }));
  const interactions = INTERACTION_IDS.map(async (id) => ({
    poll: await store.interactions.getPoll(id),
    pollResults: await store.interactions.pollResults(id),
    cloud: await store.interactions.getCloud(id),
    cloudResults: await store.interactions.cloudResults(id),
  }));
  const org = store.organizer;
  const principals = await org.listPrincipals('participant', EDITION);
  return {
    empty: await store.program.isEmpty(),
    editions: await org.listEditions(),
    edition: await Promise.all(EDITIONS.map((e) => store.program.getEdition(e.id))),
    bySlug: await Promise.all(SLUGS.map((slug) => store.program.getEditionBySlug(slug))),
    settings: await org.getSettings(EDITION),
    sessions: await Promise.all(sessions),
    listed: await store.program.listSessions(EDITION),
    questions: await Promise.all([...run.asked, 'q-missing'].map((id) => store.questions.getQuestion(id))),
    interactions: await Promise.all(interactions),
    closing: (await store.interactions.listClosing()).sort((a, b) =>
      `${a.kind}:${a.id}`.localeCompare(`${b.kind}:${b.id}`),
    ),
    principals,
    byId: await Promise.all(PARTICIPANTS.map((p) => store.identity.getPrincipal('participant', p.id))),
    moderator: await store.identity.getPrincipal('moderator', 'm1'),
    codes: await Promise.all(run.hashes.map((hash) => store.identity.findCode(hash))),
    activeCodes: [...(await org.withActiveCode('participant', EDITION))].sort(),
    codeCounts: await Promise.all(
      [...PARTICIPANTS, ...principals].map((p) => org.codeCounts('participant', p.id)),
    ),
    organizers: await Promise.all(ORGANIZER_IDS.map((id) => org.getOrganizer(id))),
    byEmail: await Promise.all(ORGANIZER_EMAILS.map((email) => org.findOrganizerByEmail(email))),
  };
}

/** The world every sequence starts from. */
async function seedWorld(store: Store): Promise<void> {
  for (const e of EDITIONS) await store.program.putEdition(e);
  await store.program.putSession(session('ses1'));
  await store.program.putSession(session('ses2', { remoteDelaySeconds: 120, startsAt: 3_000 }));
  for (const p of PARTICIPANTS) {
    await store.identity.putRegistrant({
      id: p.id,
      editionId: EDITION,
      name: `Name ${p.id}`,
      email: `${p.id}@example.org`,
      organisation: 'Org',
      attendance: p.attendance,
    });
    await store.identity.putCode({
      hash: `h-${p.id}`,
      role: 'participant',
      principalId: p.id,
      editionId: EDITION,
      revoked: false,
    });
  }
  await store.identity.putModerator({ id: 'm1', editionId: EDITION, name: 'Mod', sessionIds: null });
  // Open from the start, so that ballots and words meet polls and clouds from the first steps.
  await store.interactions.createPoll({ id: 'i0', sessionId: 'ses1', definition: POLLS[0]!, at: T0 - 2 });
  await store.interactions.createPoll({ id: 'i1', sessionId: 'ses2', definition: POLLS[1]!, at: T0 - 2 });
  await store.interactions.createCloud({ id: 'i2', sessionId: 'ses2', definition: CLOUDS[1]!, at: T0 - 2 });
  for (const ref of [
    { kind: 'poll', id: 'i0' },
    { kind: 'poll', id: 'i1' },
    { kind: 'cloud', id: 'i2' },
  ] as const) {
    await store.interactions.openInteraction(ref, T0 - 1);
  }
}

// ---------- the property ----------

let server: RedisServer;

/** The Redis the runs use: one redis-server, or a Redis Cluster (the second describe). */
let backend: { connect(prefix: string): Promise<RedisStore>; drop(prefix: string): Promise<void> } = {
  connect: (prefix) => RedisStore.connect({ url: server.url, prefix }),
  drop: (prefix) => dropPrefix(server.url, prefix),
};
/** The journal's fsyncs cost nothing on tmpfs: thousands of operations fit in seconds. */
const scratch = process.platform === 'linux' ? '/dev/shm' : tmpdir();

/** Removes a run's keys, for runs against a shared REDIS_URL. */
async function dropPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

/**
 * DIFF_STATS=1 prints how often each operation was answered and refused, by code and message: a
 * generator that never reaches a rule does not test it.
 */
const stats = new Map<string, number>();
function tally(t: string, result: unknown): void {
  if (!process.env.DIFF_STATS) return;
  const r = result as { ok?: unknown; refused?: string; message?: string };
  const key = 'ok' in r ? `${t} ok` : r.refused ? `${t} ${r.refused}: ${r.message}` : `${t} crashed`;
  stats.set(key, (stats.get(key) ?? 0) + 1);
}

/** Applies the steps to a fresh pair of stores, comparing as it goes; throws at the first difference. */
async function runBoth(steps: Step[]): Promise<void> {
  const dataDir = mkdtempSync(join(scratch, 'agora-diff-'));
  const prefix = randomPrefix();
  // A small snapshotEvery: compaction happens within a run, so a restart replays snapshot + journal.
  const open = () => EmbeddedStore.open({ dataDir, snapshotEvery: 16 });
  let embedded = await open();
  const redis = await backend.connect(prefix);
  const run: Run = { index: 0, asked: [], hashes: PARTICIPANTS.map((p) => `h-${p.id}`) };
  try {
    await seedWorld(embedded);
    await seedWorld(redis);
    let at = T0;
    let last: Call | null = null;
    for (const [index, step] of steps.entries()) {
      at += step.dt;
      run.index = index;
      const where = `step ${index} ${JSON.stringify(step)}`;
      if (step.t === 'restart') {
        const before = await snapshot(embedded, run);
        await embedded.close();
        embedded = await open();
        expect(await snapshot(embedded, run), `${where}: the embedded store reopened differs`).toEqual(
          before,
        );
        continue;
      }
      let call: Call | null;
      if (step.t === 'timer') {
        const [first] = (await embedded.interactions.listClosing()).sort(
          (a, b) => (a.remoteClosesAt ?? 0) - (b.remoteClosesAt ?? 0),
        );
        if (!first || first.remoteClosesAt === null) continue;
        at = Math.max(at, first.remoteClosesAt + step.delta);
        const ref = { kind: first.kind, id: first.id };
        call = (store, now) => store.interactions.finalizeInteraction(ref, now);
      } else call = step.t === 'again' ? last : await callOf(step, run, embedded);
      if ((step.t === 'ballot' || step.t === 'word') && step.edge !== null) {
        const id = INTERACTION_IDS[step.i]!;
        const item =
          step.t === 'ballot'
            ? await embedded.interactions.getPoll(id)
            : await embedded.interactions.getCloud(id);
        if (item?.status === 'closing' && item.remoteClosesAt !== null) {
          at = Math.max(at, item.remoteClosesAt + step.edge);
        }
      }
      if (!call) continue;
      last = call;
      const expected = await outcome(call, embedded, at);
      const actual = await outcome(call, redis, at);
      tally(step.t, expected);
      expect(actual, `${where}: redis answered differently`).toEqual(expected);
      if (index % SNAPSHOT_EVERY === SNAPSHOT_EVERY - 1) {
        expect(await snapshot(redis, run), `${where}: snapshots differ`).toEqual(
          await snapshot(embedded, run),
        );
      }
    }
    expect(await snapshot(redis, run), 'final snapshots differ').toEqual(await snapshot(embedded, run));
  } finally {
    await embedded.close();
    await redis.close();
    rmSync(dataDir, { recursive: true, force: true });
    await backend.drop(prefix);
  }
}

describe('the embedded and Redis stores', () => {
  beforeAll(async () => {
    server = await startRedis({ appendonly: false });
  });
  afterAll(async () => {
    await server.stop();
    if (process.env.DIFF_STATS)
      console.log(
        [...stats]
          .sort()
          .map(([k, n]) => `${n}\t${k}`)
          .join('\n'),
      );
  });

  it(
    'give the same answers, refusals and snapshots for the same random operations',
    { timeout: 600_000 },
    async () => {
      await fc.assert(fc.asyncProperty(stepsArb, runBoth), {
        numRuns: RUNS,
        ...(process.env.DIFF_SEED ? { seed: Number(process.env.DIFF_SEED) } : {}),
        ...(process.env.DIFF_PATH ? { path: process.env.DIFF_PATH } : {}),
      });
    },
  );
});

describe('the embedded store and the Redis store on a Redis Cluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    const nodes = cluster.servers.map((s) => ({ host: '127.0.0.1', port: s.port }));
    backend = {
      connect: (prefix) => RedisStore.connect({ url: 'redis://', clusterNodes: nodes, prefix }),
      drop: async (prefix) => {
        for (const key of await scanKeys(cluster.client, `${prefix}*`)) await cluster.client.unlink(key);
      },
    };
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it(
    'give the same answers, refusals and snapshots for the same random operations',
    { timeout: 600_000 },
    async () => {
      await fc.assert(fc.asyncProperty(stepsArb, runBoth), {
        numRuns: CLUSTER_RUNS,
        ...(process.env.DIFF_SEED ? { seed: Number(process.env.DIFF_SEED) } : {}),
        ...(process.env.DIFF_PATH ? { path: process.env.DIFF_PATH } : {}),
      });
    },
  );
});
