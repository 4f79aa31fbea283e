import type { Cloud, ModCloudResults, ModCloudWord, MyWord } from '@agora/shared';
import type { NewWord } from '../../modules/interactions/interactions.store.ts';
import {
  decideWord,
  decideWordHidden,
  shownSpelling,
  type WordDecision,
} from '../../modules/wordcloud/wordcloud.rules.ts';

export interface StoredGroup {
  key: string;
  /** spelling → count, in first-seen order (ties go to the first seen) */
  spellings: Map<string, number>;
  count: number;
  onsite: number;
  remote: number;
  hidden: boolean;
  blocked: boolean;
}

interface StoredParticipantWords {
  /** Counted words, one per key, in the order sent. */
  words: MyWord[];
  /** Every client id this participant used in this cloud → the answer it got. */
  byClientId: Map<string, MyWord>;
}

/** A cloud in the embedded state, with its word groups and each participant's words. */
export interface StoredCloud {
  cloud: Cloud;
  version: number;
  /** key → group, in first-seen order */
  groups: Map<string, StoredGroup>;
  participants: Map<string, StoredParticipantWords>;
}

export function storedCloud(cloud: Cloud): StoredCloud {
  return { cloud, version: 0, groups: new Map(), participants: new Map() };
}

export function groupView(g: StoredGroup): ModCloudWord {
  return {
    key: g.key,
    text: shownSpelling(g.spellings),
    count: g.count,
    onsite: g.onsite,
    remote: g.remote,
    hidden: g.hidden,
    blocked: g.blocked,
  };
}

export function cloudResults(c: StoredCloud): ModCloudResults {
  return {
    cloudId: c.cloud.id,
    sessionId: c.cloud.sessionId,
    version: c.version,
    participants: [...c.participants.values()].filter((p) => p.words.length > 0).length,
    words: [...c.groups.values()].map(groupView),
    final: c.cloud.status === 'closed',
  };
}

/** A word: decided by wordcloud.rules.ts on this cloud, then applied. */
export function submitWord(c: StoredCloud | undefined, input: NewWord): { word: MyWord; counted: boolean } {
  const mine = c?.participants.get(input.participantId);
  const decision = decideWord(
    c?.cloud ?? null,
    { again: mine?.byClientId.get(input.clientId) ?? null, words: mine?.words ?? [] },
    c?.groups.has(input.key) ?? false,
    input,
  );
  // The rules refuse a cloud that does not exist.
  applyWord(c as StoredCloud, input, decision);
  return { word: { ...decision.word }, counted: decision.counted };
}

function applyWord(c: StoredCloud, input: NewWord, d: WordDecision): void {
  if (d.kind === 'again') return;
  const entry: StoredParticipantWords = c.participants.get(input.participantId) ?? {
    words: [],
    byClientId: new Map(),
  };
  c.participants.set(input.participantId, entry);
  entry.byClientId.set(input.clientId, d.word);
  if (d.kind !== 'count') return;
  entry.words.push(d.word);
  let group = c.groups.get(input.key);
  if (!group) {
    const flags = d.newGroup ?? { hidden: false, blocked: false };
    group = { key: input.key, spellings: new Map(), count: 0, onsite: 0, remote: 0, ...flags };
    c.groups.set(input.key, group);
  }
  group.spellings.set(input.text, (group.spellings.get(input.text) ?? 0) + 1);
  group.count += 1;
  group[d.side] += 1;
  c.version += 1;
}

export function setWordHidden(c: StoredCloud | undefined, key: string, hidden: boolean): ModCloudWord {
  const group = c?.groups.get(key) ?? null;
  const { changed } = decideWordHidden({ cloudExists: c !== undefined, group }, hidden);
  // The rules refuse a cloud or a group that does not exist.
  const g = group as StoredGroup;
  if (changed) {
    g.hidden = hidden;
    (c as StoredCloud).version += 1;
  }
  return groupView(g);
}

/** Words and client ids forgotten (the go-live reset). */
export function clearWords(c: StoredCloud): void {
  c.groups.clear();
  c.participants.clear();
}

/** The participant's counted words in this cloud, in the order sent. */
export function myWords(c: StoredCloud, participantId: string): MyWord[] {
  return (c.participants.get(participantId)?.words ?? []).map((w) => ({ ...w }));
}

/** As kept in snapshots (Maps as arrays; the layout of snapshots written before). */
export function cloudToJSON(c: StoredCloud): unknown {
  return {
    ...c,
    groups: [...c.groups.values()].map((g) => ({ ...g, spellings: [...g.spellings.entries()] })),
    participants: [...c.participants.entries()].map(([id, p]) => [
      id,
      { words: p.words, byClientId: [...p.byClientId.entries()] },
    ]),
  };
}

export function cloudFromJSON(raw: unknown): StoredCloud {
  const c = raw as Omit<StoredCloud, 'groups' | 'participants'> & {
    groups: (Omit<StoredGroup, 'spellings'> & { spellings: [string, number][] })[];
    participants: [string, { words: MyWord[]; byClientId: [string, MyWord][] }][];
  };
  return {
    ...c,
    groups: new Map(c.groups.map((g) => [g.key, { ...g, spellings: new Map(g.spellings) }])),
    participants: new Map(
      c.participants.map(([id, p]) => [id, { words: p.words, byClientId: new Map(p.byClientId) }]),
    ),
  };
}
