import {
  acceptsFrom,
  type AttendanceMode,
  type AudienceInteractions,
  type Cloud,
  type CloudResults,
  type ModCloudResults,
  type ModInteractions,
  type MyBallot,
  type MyWord,
  type Poll,
  type PollResults,
  type ScreenItem,
  type ServerEventPayload,
  type Tally,
} from '@agora/shared';

export type Presence = { onsite: number; remote: number };

/**
 * The polls and word clouds of one session, built only from a join's snapshot (`session:join` or
 * `moderation:join`) and the events that follow. `C` is what a cloud's results hold: audience
 * results, or every word with its flags for moderators.
 */
export type InteractionsState<C extends CloudResults = CloudResults> = {
  sessionId: string;
  polls: ReadonlyMap<string, Poll>;
  clouds: ReadonlyMap<string, Cloud>;
  pollResults: ReadonlyMap<string, PollResults>;
  cloudResults: ReadonlyMap<string, C>;
  /** The participant's own ballot per poll id (empty for moderators and projectors). */
  myBallots: ReadonlyMap<string, MyBallot>;
  /** The participant's own words per cloud id, in the order they were acknowledged. */
  myWords: ReadonlyMap<string, readonly MyWord[]>;
  /** Server clock minus this device's clock, from the last snapshot: countdowns add it to `Date.now()`. */
  clockOffsetMs: number;
  /** Participants connected to the session (moderators only). */
  connected: Presence | null;
};

export type ModInteractionsState = InteractionsState<ModCloudResults>;

const byId = <T extends { id: string }>(items: readonly T[]) => new Map(items.map((i) => [i.id, i]));

export function interactionsFromSnapshot(
  sessionId: string,
  s: AudienceInteractions,
  clockOffsetMs = 0,
): InteractionsState {
  const myWords = new Map<string, MyWord[]>();
  for (const w of s.myWords) myWords.set(w.cloudId, [...(myWords.get(w.cloudId) ?? []), w]);
  return {
    sessionId,
    polls: byId(s.polls),
    clouds: byId(s.clouds),
    pollResults: new Map(s.pollResults.map((r) => [r.pollId, r])),
    cloudResults: new Map(s.cloudResults.map((r) => [r.cloudId, r])),
    myBallots: new Map(s.myBallots.map((b) => [b.pollId, b])),
    myWords,
    clockOffsetMs,
    connected: null,
  };
}

export function moderationInteractionsFromSnapshot(
  sessionId: string,
  s: ModInteractions,
  clockOffsetMs = 0,
  connected: Presence | null = null,
): ModInteractionsState {
  return {
    sessionId,
    polls: byId(s.polls),
    clouds: byId(s.clouds),
    pollResults: new Map(s.pollResults.map((r) => [r.pollId, r])),
    cloudResults: new Map(s.cloudResults.map((r) => [r.cloudId, r])),
    myBallots: new Map(),
    myWords: new Map(),
    clockOffsetMs,
    connected,
  };
}

/**
 * Results already held may be newer than a snapshot that was answered while they arrived: a
 * fresh snapshot keeps the higher version of each.
 */
export function keepNewerResults<C extends CloudResults>(
  fresh: InteractionsState<C>,
  old: InteractionsState<C> | null,
): InteractionsState<C> {
  if (!old || old.sessionId !== fresh.sessionId) return fresh;
  let next = fresh;
  for (const r of old.pollResults.values()) next = applyPollResults(next, r);
  for (const r of old.cloudResults.values()) next = applyCloudResults(next, r);
  return next;
}

/** A poll's definition or status (event or command answer): the latest one wins. */
export function applyPoll<S extends InteractionsState<CloudResults>>(state: S, poll: Poll): S {
  if (poll.sessionId !== state.sessionId) return state;
  const polls = new Map(state.polls);
  polls.set(poll.id, poll);
  return { ...state, polls };
}

export function applyCloud<S extends InteractionsState<CloudResults>>(state: S, cloud: Cloud): S {
  if (cloud.sessionId !== state.sessionId) return state;
  const clouds = new Map(state.clouds);
  clouds.set(cloud.id, cloud);
  return { ...state, clouds };
}

/**
 * Results are coalesced and sent whole; two sends may cross (a snapshot and an event), so the
 * highest `version` wins and an older one is dropped. Equal versions carry equal counts.
 */
export function applyPollResults<S extends InteractionsState<CloudResults>>(state: S, r: PollResults): S {
  if (r.sessionId !== state.sessionId) return state;
  const current = state.pollResults.get(r.pollId);
  if (current && current.version > r.version) return state;
  if (current && current.version === r.version && current.final === r.final) return state;
  const pollResults = new Map(state.pollResults);
  pollResults.set(r.pollId, r);
  return { ...state, pollResults };
}

export function applyCloudResults<C extends CloudResults>(
  state: InteractionsState<C>,
  r: C,
): InteractionsState<C> {
  if (r.sessionId !== state.sessionId) return state;
  const current = state.cloudResults.get(r.cloudId);
  // A moderator's hide changes flags without a new word: the server bumps the version then too.
  if (current && current.version > r.version) return state;
  const cloudResults = new Map(state.cloudResults);
  cloudResults.set(r.cloudId, r);
  return { ...state, cloudResults };
}

export function applyPresence<S extends InteractionsState<CloudResults>>(
  state: S,
  e: ServerEventPayload<'presence:counts'>,
): S {
  if (e.sessionId !== state.sessionId) return state;
  return { ...state, connected: { onsite: e.onsite, remote: e.remote } };
}

/** The answer to `poll:vote`: this ballot replaces any earlier one of mine. */
export function applyMyBallot<S extends InteractionsState<CloudResults>>(state: S, b: MyBallot): S {
  const myBallots = new Map(state.myBallots);
  myBallots.set(b.pollId, b);
  return { ...state, myBallots };
}

/** The answer to `cloud:submit`; a retried word comes back with the same client id and is kept once. */
export function applyMyWord<S extends InteractionsState<CloudResults>>(state: S, w: MyWord): S {
  const list = state.myWords.get(w.cloudId) ?? [];
  if (list.some((x) => x.clientId === w.clientId)) return state;
  const myWords = new Map(state.myWords);
  myWords.set(w.cloudId, [...list, w]);
  return { ...state, myWords };
}

// ---------- reading the state ----------

export type Interaction = Poll | Cloud;

/** Milliseconds left in the remote window of a closing poll or cloud, or null. */
export function remoteRemainingMs(item: Interaction, now: number): number | null {
  if (item.status !== 'closing' || item.remoteClosesAt === null) return null;
  return Math.max(0, item.remoteClosesAt - now);
}

/** Results the audience (phones, projector) may see: live ones, or hidden ones once revealed. */
export function resultsVisible(item: Interaction): boolean {
  return item.visibility === 'live' || item.revealed;
}

/** The audience view is never given hidden results, but a moderator's socket may hold them: filter anyway. */
export function audiencePollResults(state: InteractionsState, poll: Poll): PollResults | null {
  return resultsVisible(poll) ? (state.pollResults.get(poll.id) ?? null) : null;
}

export function audienceCloudResults(state: InteractionsState, cloud: Cloud): CloudResults | null {
  return resultsVisible(cloud) ? (state.cloudResults.get(cloud.id) ?? null) : null;
}

function all(state: InteractionsState<CloudResults>): Interaction[] {
  return [...state.polls.values(), ...state.clouds.values()];
}

/** What a participant's phone lists: what they may still answer, then what is over for them. */
export type ParticipantList = { answerable: Interaction[]; over: Interaction[] };

/**
 * Every poll and cloud this person may still answer (open, or closing while their remote window
 * runs), newest opened first; then the ones over for them (closed, or closing for the hall),
 * last closed first. Not "the one on screen first": a card must not jump under a thumb each time
 * the projector switches; a new one goes on top because that is the one just announced.
 */
export function participantList(
  state: InteractionsState,
  mode: AttendanceMode | null,
  now: number,
): ParticipantList {
  const answerable: Interaction[] = [];
  const over: Interaction[] = [];
  for (const item of all(state)) {
    if (item.status === 'draft') continue;
    (acceptsFrom(item, mode, now) ? answerable : over).push(item);
  }
  answerable.sort((a, b) => (b.openedAt ?? 0) - (a.openedAt ?? 0) || a.id.localeCompare(b.id));
  over.sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0) || a.id.localeCompare(b.id));
  return { answerable, over };
}

/** The poll or cloud on the projector, if that is what it shows. */
export function screenInteraction(
  state: InteractionsState<CloudResults>,
  s: ScreenItem | null,
): Interaction | null {
  if (!s) return null;
  if (s.kind === 'poll') return state.polls.get(s.id) ?? null;
  if (s.kind === 'cloud') return state.clouds.get(s.id) ?? null;
  return null;
}

/** Whether the projector shows this poll split between hall and remote (the moderator's choice). */
export function screenSplit(s: ScreenItem | null, pollId: string): boolean {
  return s !== null && s.kind === 'poll' && s.id === pollId && s.split;
}

/** Moderator's list: open and closing first, then drafts, then closed; newest first within each. */
export function moderatorList(state: InteractionsState<CloudResults>): Interaction[] {
  const rank = { open: 0, closing: 0, draft: 1, closed: 2 } as const;
  return all(state).sort(
    (a, b) => rank[a.status] - rank[b.status] || b.createdAt - a.createdAt || a.id.localeCompare(b.id),
  );
}

// ---------- results as bars ----------

export type Bar = { id: string; label: string; count: number; percent: number };

/**
 * Bars of a poll, in the poll's option order. Percentages are of ballots (participants), so a
 * multiple-choice poll may add up to more than 100 %.
 */
export function pollBars(poll: Poll, tally: Tally): Bar[] {
  return poll.options.map((o) => {
    const count = tally.counts[o.id] ?? 0;
    return {
      id: o.id,
      label: o.label,
      count,
      percent: tally.ballots > 0 ? Math.round((count / tally.ballots) * 100) : 0,
    };
  });
}

/** One option of a split poll: its bar among people in the hall and among remote people. */
export type SplitBar = { id: string; label: string; onsite: Bar; remote: Bar };

/**
 * Bars of a poll split by attendance mode, in the poll's option order. Each side's percentages are
 * of that side's ballots; `top` is the highest percentage of either side, so bar widths (percent /
 * top) compare the hall and remote people on one scale however many each side counts.
 */
export function splitPollBars(poll: Poll, results: PollResults): { bars: SplitBar[]; top: number } {
  const onsite = pollBars(poll, results.onsite);
  const remote = pollBars(poll, results.remote);
  const bars = poll.options.map((o, i) => ({
    id: o.id,
    label: o.label,
    onsite: onsite[i]!,
    remote: remote[i]!,
  }));
  const top = Math.max(0, ...bars.flatMap((b) => [b.onsite.percent, b.remote.percent]));
  return { bars, top };
}

/** The value a rating option stands for: its label when it is a number, else its rank on the scale. */
export function ratingValue(poll: Poll, optionId: string): number | null {
  const index = poll.options.findIndex((o) => o.id === optionId);
  if (index < 0) return null;
  const label = Number(poll.options[index]!.label);
  if (Number.isFinite(label) && poll.options[index]!.label.trim() !== '') return label;
  return (poll.scale?.min ?? 1) + index;
}

/** Mean of a rating poll, or null without ballots. */
export function ratingAverage(poll: Poll, tally: Tally): number | null {
  let sum = 0;
  let n = 0;
  for (const o of poll.options) {
    const value = ratingValue(poll, o.id);
    const count = tally.counts[o.id] ?? 0;
    if (value === null || count === 0) continue;
    sum += value * count;
    n += count;
  }
  return n > 0 ? sum / n : null;
}

/** Ballots among connected participants, 0–100, or null when nobody is connected. */
export function participationRate(ballots: number, connected: Presence | null): number | null {
  const total = connected ? connected.onsite + connected.remote : 0;
  if (total <= 0) return null;
  return Math.min(100, Math.round((ballots / total) * 100));
}
