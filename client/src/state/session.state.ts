import {
  isPublicStatus,
  toAudienceCloud,
  type Cloud,
  type CloudResults,
  type CommandOutput,
  type LiveState,
  type MeasuredDelay,
  type ModCloudResults,
  type ModeratorSnapshot,
  type Poll,
  type PollResults,
  type PublicQuestion,
  type ServerEventName,
  type ServerEventPayload,
  type SessionSnapshot,
} from '@agora/shared';
import {
  applyAudienceDelta,
  applyMine,
  applyUpvote,
  audienceFromSnapshot,
  type AudienceState,
  type DeltaOutcome,
} from './audience.state.ts';
import {
  applyCloud,
  applyCloudResults,
  applyMyBallot,
  applyMyWord,
  applyPoll,
  applyPollResults,
  applyPresence,
  audienceCloudResults,
  audiencePollResults,
  interactionsFromSnapshot,
  keepNewerResults,
  moderationInteractionsFromSnapshot,
  resultsVisible,
  screenInteraction,
  type InteractionsState,
  type ModInteractionsState,
} from './interactions.state.ts';
import {
  applyModerationDelta,
  applyModQuestion,
  moderationFromSnapshot,
  type ModerationState,
} from './moderation.state.ts';

/** Any server event, with its parsed payload. */
export type ServerEvent = {
  [N in ServerEventName]: { name: N; payload: ServerEventPayload<N> };
}[ServerEventName];

/** A command's answer, applied at once; the event carrying the same change follows. */
export type Acked = {
  [N in AckedCommand]: { name: N; data: CommandOutput<N> };
}[AckedCommand];
export type AckedCommand =
  | 'question:ask'
  | 'question:upvote'
  | 'question:moderate'
  | 'question:edit'
  | 'question:merge'
  | 'poll:vote'
  | 'cloud:submit'
  | 'poll:create'
  | 'poll:update'
  | 'poll:open'
  | 'poll:close'
  | 'poll:reveal'
  | 'cloud:create'
  | 'cloud:update'
  | 'cloud:open'
  | 'cloud:close'
  | 'cloud:reveal'
  | 'cloud:hide'
  | 'screen:show'
  | 'screen:blackout'
  | 'session:set-policy'
  | 'session:set-delay'
  | 'session:follow-delay';

/** What the session store feeds its reducer: every server event, and the answers to its commands. */
export type SessionInput = { type: 'event'; event: ServerEvent } | { type: 'ack'; ack: Acked };

/**
 * After a step: nothing more to do, a gap in the Q&A numbering (a fresh snapshot is due, the state
 * kept meanwhile), or a reset of the session (the state is worth nothing: dropped, then a fresh
 * snapshot).
 */
export type Resync = 'none' | 'gap' | 'reset';
export type Step<S> = { state: S; resync: Resync };

/** A participant's or a projector's session: one join's snapshot and every event since. */
export type AudienceSession = {
  sessionId: string;
  live: LiveState;
  qa: AudienceState;
  interactions: InteractionsState;
};

/**
 * A moderator's session: every question, poll, cloud and result, who is connected, and the
 * questions put on screen so far (in the order they first went on screen).
 */
export type ModeratorSession = {
  sessionId: string;
  live: LiveState;
  qa: ModerationState;
  interactions: ModInteractionsState;
  /** The remote viewers' measured delay, and whether the remote window follows it. */
  measuredDelay: MeasuredDelay;
  shown: readonly string[];
};

type AnySession = AudienceSession | ModeratorSession;

/**
 * The session from a `session:join` answer received at `receivedAt` (this device's clock).
 * Results held from before are kept when newer (they may have crossed the snapshot).
 */
export function audienceSessionFrom(
  snapshot: SessionSnapshot,
  receivedAt: number,
  previous: AudienceSession | null,
): AudienceSession {
  const { sessionId } = snapshot;
  const interactions = interactionsFromSnapshot(
    sessionId,
    snapshot.interactions,
    snapshot.serverNow - receivedAt,
  );
  return {
    sessionId,
    live: snapshot.live,
    qa: audienceFromSnapshot(sessionId, snapshot.qa),
    interactions: keepNewerResults(interactions, previous?.interactions ?? null),
  };
}

/** The moderator's session from a `moderation:join` answer; see `audienceSessionFrom`. */
export function moderatorSessionFrom(
  snapshot: ModeratorSnapshot,
  receivedAt: number,
  previous: ModeratorSession | null,
): ModeratorSession {
  const { sessionId } = snapshot;
  const interactions = moderationInteractionsFromSnapshot(
    sessionId,
    snapshot.interactions,
    snapshot.serverNow - receivedAt,
    snapshot.connected,
  );
  return {
    sessionId,
    live: snapshot.live,
    qa: moderationFromSnapshot(sessionId, snapshot.qa),
    interactions: keepNewerResults(interactions, previous?.interactions ?? null),
    measuredDelay: snapshot.measuredDelay,
    shown: snapshot.shownQuestions,
  };
}

const same = <S>(state: S): Step<S> => ({ state, resync: 'none' });

/** Steps common to both roles: the live state, polls and clouds, resets. */
function common<S extends AnySession>(state: S, input: SessionInput): Step<S> | null {
  if (input.type === 'ack') {
    const { ack } = input;
    switch (ack.name) {
      case 'screen:show':
      case 'screen:blackout':
      case 'session:set-policy':
      case 'session:set-delay':
        return same(withLive(state, ack.data));
      case 'poll:create':
      case 'poll:update':
      case 'poll:open':
      case 'poll:close':
      case 'poll:reveal':
        return same(withInteractions(state, applyPoll(state.interactions, ack.data)));
      case 'cloud:create':
      case 'cloud:update':
      case 'cloud:open':
      case 'cloud:close':
      case 'cloud:reveal':
        return same(withInteractions(state, applyCloud(state.interactions, ack.data)));
      default:
        return null;
    }
  }
  const { event } = input;
  switch (event.name) {
    case 'live:state':
      return same(withLive(state, event.payload));
    case 'session:reset':
      return event.payload.sessionId === state.sessionId ? { state, resync: 'reset' } : same(state);
    case 'poll:updated':
      return same(withInteractions(state, applyPoll(state.interactions, event.payload)));
    case 'poll:results':
      return same(withInteractions(state, applyPollResults(state.interactions, event.payload)));
    case 'cloud:updated':
      return same(withInteractions(state, applyCloud(state.interactions, event.payload)));
    default:
      return null;
  }
}

function withLive<S extends AnySession>(state: S, live: LiveState): S {
  return live.sessionId === state.sessionId ? { ...state, live } : state;
}

function withInteractions<S extends AnySession>(state: S, interactions: S['interactions']): S {
  return interactions === state.interactions ? state : { ...state, interactions };
}

function afterDelta<S extends AnySession>(state: S, outcome: DeltaOutcome<S['qa']>): Step<S> {
  if (outcome.kind === 'applied') return same({ ...state, qa: outcome.state });
  return { state, resync: outcome.kind === 'gap' ? 'gap' : 'none' };
}

/** The one reducer of a participant's or a projector's session: every server event, every answer. */
export function reduceAudience(state: AudienceSession, input: SessionInput): Step<AudienceSession> {
  const shared = common(state, input);
  if (shared) return shared;
  if (input.type === 'ack') {
    const { ack } = input;
    switch (ack.name) {
      case 'question:ask':
        return same({ ...state, qa: applyMine(state.qa, ack.data) });
      case 'question:upvote':
        return same({ ...state, qa: applyUpvote(state.qa, ack.data) });
      case 'poll:vote':
        return same(withInteractions(state, applyMyBallot(state.interactions, ack.data)));
      case 'cloud:submit':
        return same(withInteractions(state, applyMyWord(state.interactions, ack.data)));
      default:
        return same(state);
    }
  }
  const { event } = input;
  switch (event.name) {
    case 'qa:audience':
      return afterDelta(state, applyAudienceDelta(state.qa, event.payload));
    case 'question:mine':
      return same({ ...state, qa: applyMine(state.qa, event.payload) });
    case 'cloud:results':
      return same(withInteractions(state, applyCloudResults(state.interactions, event.payload)));
    default:
      return same(state);
  }
}

/** The question the live state puts on screen joins the ones shown so far. */
function noteShown(state: ModeratorSession): ModeratorSession {
  const screen = state.live.screen;
  if (screen?.kind !== 'question' || state.shown.includes(screen.id)) return state;
  return { ...state, shown: [...state.shown, screen.id] };
}

/** The one reducer of a moderator's session: every server event, every answer. */
export function reduceModerator(state: ModeratorSession, input: SessionInput): Step<ModeratorSession> {
  const shared = common(state, input);
  if (shared) return { ...shared, state: noteShown(shared.state) };
  if (input.type === 'ack') {
    const { ack } = input;
    switch (ack.name) {
      case 'question:moderate':
      case 'question:edit':
      case 'question:merge':
        return same({ ...state, qa: applyModQuestion(state.qa, ack.data) });
      case 'session:follow-delay':
        return same({ ...state, measuredDelay: ack.data });
      default:
        return same(state);
    }
  }
  const { event } = input;
  switch (event.name) {
    case 'qa:moderation':
      return afterDelta(state, applyModerationDelta(state.qa, event.payload));
    case 'cloud:moderation':
      return same(withInteractions(state, applyCloudResults(state.interactions, event.payload)));
    case 'presence:counts':
      return same(withInteractions(state, applyPresence(state.interactions, event.payload)));
    case 'delay:measured':
      return same(
        event.payload.sessionId === state.sessionId ? { ...state, measuredDelay: event.payload } : state,
      );
    default:
      return same(state);
  }
}

/** What the projector shows: the one state object it renders. */
export type ProjectorScreen =
  | { kind: 'join' }
  | { kind: 'question'; question: PublicQuestion }
  | { kind: 'poll'; poll: Poll; results: PollResults | null; split: boolean }
  | { kind: 'cloud'; cloud: Cloud; results: CloudResults | null }
  | { kind: 'history'; questions: PublicQuestion[] };

/** What a projector's screen is read from: its session's live state, questions and interactions. */
type ScreenSource = {
  live: LiveState;
  /** A question as the audience sees it, if the audience sees it. */
  question(id: string): PublicQuestion | undefined;
  interactions: InteractionsState<CloudResults>;
  /** A cloud's results as the audience sees them (its hidden words left out), if it may see them. */
  cloudResults(cloud: Cloud): CloudResults | null;
};

/**
 * What the projector shows now, from the live state and what the session holds: the question on
 * screen with its current votes, a poll or cloud with the results the audience may see, the
 * questions put on screen so far, or the join instructions (nothing on screen, or something this session does not hold yet).
 */
function screenFrom(source: ScreenSource): ProjectorScreen {
  const { screen } = source.live;
  if (screen?.kind === 'question') {
    const question = source.question(screen.id);
    return question ? { kind: 'question', question } : { kind: 'join' };
  }
  if (screen?.kind === 'history') {
    // In the order they first went on screen; those the audience no longer sees are left out.
    const questions = (source.live.history ?? []).flatMap((id) => source.question(id) ?? []);
    return { kind: 'history', questions };
  }
  const item = screenInteraction(source.interactions, screen);
  if (item?.kind === 'poll') {
    return {
      kind: 'poll',
      poll: item,
      results: audiencePollResults(source.interactions, item),
      split: screen?.kind === 'poll' && screen.split,
    };
  }
  if (item?.kind === 'cloud') return { kind: 'cloud', cloud: item, results: source.cloudResults(item) };
  return { kind: 'join' };
}

/** What a projector (or a phone beside it) shows, from its own session: it holds only what the audience sees. */
export function projectorScreen(session: AudienceSession): ProjectorScreen {
  return screenFrom({
    live: session.live,
    question: (id) => session.qa.questions.get(id),
    interactions: session.interactions,
    cloudResults: (cloud) => audienceCloudResults(session.interactions, cloud),
  });
}

/** Each moderator results object seen as the audience sees it, made once (the cloud lays out again on new words only). */
const audienceClouds = new WeakMap<ModCloudResults, CloudResults>();

/**
 * What the session's projectors show, from the moderator's own session (the console's preview):
 * the same screen, the questions and words the audience does not see left out. A moderator's
 * question is the public one with moderation fields added, so it is drawn as it is.
 */
export function moderatorProjectorScreen(session: ModeratorSession): ProjectorScreen {
  const { interactions } = session;
  return screenFrom({
    live: session.live,
    question: (id) => {
      const q = session.qa.questions.get(id);
      return q && isPublicStatus(q.status) ? q : undefined;
    },
    interactions,
    cloudResults: (cloud) => {
      const results = resultsVisible(cloud) ? interactions.cloudResults.get(cloud.id) : undefined;
      if (!results) return null;
      let seen = audienceClouds.get(results);
      if (!seen) audienceClouds.set(results, (seen = toAudienceCloud(results)));
      return seen;
    },
  });
}
