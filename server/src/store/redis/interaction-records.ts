import type { Cloud, ModCloudWord, MyWord, Poll, PollResults, Tally } from '@agora/shared';
import type { Interaction, InteractionKind } from '../../modules/interactions/interactions.store.ts';

/*
 * Polls and clouds as Redis holds them (key layout in scripts.ts), decoded in Node: shared by the
 * reads, the ballot and word scripts' replies and the optimistic writes.
 */

/** A poll's {sessionId, status, version} and its tally as HGETALL. */
export type RawResults = [[string, string, string], string[]];
/** A word group: key, text, count, onsite, remote, hidden, blocked. */
export type RawGroup = [string, string, string, string, string, string, string];

/** A flat HGETALL reply as an object. */
export function fieldsOf(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i] as string] = flat[i + 1] as string;
  return out;
}

const timestamp = (value: string | undefined): number | null => (value ? Number(value) : null);

/** What a poll's `def` field holds: its definition but the visibility (a field of its own). */
export type StoredPollDef = Pick<Poll, 'question' | 'pollKind' | 'options' | 'maxChoices' | 'scale'>;

/** A poll or cloud from its hash (HGETALL as an object). */
export function toInteraction(kind: InteractionKind, f: Record<string, string>): Interaction {
  const lifecycle = {
    id: f.id ?? '',
    sessionId: f.sessionId ?? '',
    status: f.status as Poll['status'],
    visibility: f.visibility as Poll['visibility'],
    revealed: f.revealed === '1',
    createdAt: Number(f.createdAt),
    openedAt: timestamp(f.openedAt),
    closedAt: timestamp(f.closedAt),
    remoteClosesAt: timestamp(f.remoteClosesAt),
  };
  if (kind === 'poll') {
    const def = JSON.parse(f.def ?? '{}') as StoredPollDef;
    return {
      ...lifecycle,
      kind: 'poll',
      question: def.question,
      pollKind: def.pollKind,
      options: def.options,
      maxChoices: def.maxChoices,
      scale: def.scale,
    };
  }
  return {
    ...lifecycle,
    kind: 'cloud',
    prompt: f.prompt ?? '',
    maxWordsPerParticipant: Number(f.maxWordsPerParticipant),
    maxLength: Number(f.maxLength),
  };
}

export function toPoll(flat: string[]): Poll {
  return toInteraction('poll', fieldsOf(flat)) as Poll;
}

export function toCloud(flat: string[]): Cloud {
  return toInteraction('cloud', fieldsOf(flat)) as Cloud;
}

/** A `poll:<id>` or `cloud:<id>` ref with its hash. */
export function fromRef([ref, flat]: [string, string[]]): Interaction {
  const kind = ref.slice(0, ref.indexOf(':')) as InteractionKind;
  return toInteraction(kind, fieldsOf(flat));
}

export function toResults(pollId: string, [[sessionId, status, version], flat]: RawResults): PollResults {
  const tallies: Record<'all' | 'onsite' | 'remote', Tally> = {
    all: { ballots: 0, counts: {} },
    onsite: { ballots: 0, counts: {} },
    remote: { ballots: 0, counts: {} },
  };
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const field = flat[i] as string;
    const value = Number(flat[i + 1]);
    const colon = field.indexOf(':');
    const head = field.slice(0, colon);
    const rest = field.slice(colon + 1);
    if (head === 'n') {
      const tally = tallies[rest as keyof typeof tallies] as Tally | undefined;
      if (tally) tally.ballots = value;
    } else {
      const tally = tallies[head as keyof typeof tallies] as Tally | undefined;
      if (tally) tally.counts[rest] = value;
    }
  }
  return {
    pollId,
    sessionId,
    version: Number(version),
    ...tallies,
    final: status === 'closed',
  };
}

export function toWord([key, text, count, onsite, remote, hidden, blocked]: RawGroup): ModCloudWord {
  return {
    key,
    text,
    count: Number(count),
    onsite: Number(onsite),
    remote: Number(remote),
    hidden: hidden === '1',
    blocked: blocked === '1',
  };
}

export function toMyWord(json: string): MyWord {
  const w = JSON.parse(json) as MyWord;
  return { cloudId: w.cloudId, clientId: w.clientId, text: w.text, key: w.key };
}
