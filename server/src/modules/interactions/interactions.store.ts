import type {
  AttendanceMode,
  Cloud,
  ModCloudResults,
  ModCloudWord,
  MyBallot,
  MyWord,
  Poll,
  PollResults,
  ScreenItem,
  Admission,
} from '@agora/shared';
import type { QuestionChange } from '../questions/questions.store.ts';

/** A poll or a word cloud, as stored and as sent (`kind` tells which). */
export type Interaction = Poll | Cloud;
export type InteractionKind = Interaction['kind'];

/** Names one poll or cloud. */
export interface InteractionRef {
  kind: InteractionKind;
  id: string;
}

/** What defines a poll, built by the service from a `PollDraft` (option ids included). */
export type PollDefinition = Pick<
  Poll,
  'question' | 'pollKind' | 'options' | 'maxChoices' | 'scale' | 'visibility'
>;

/** What defines a word cloud. */
export type CloudDefinition = Pick<Cloud, 'prompt' | 'maxWordsPerParticipant' | 'maxLength' | 'visibility'>;

/** Answer of a lifecycle change: the interaction as it is now, and whether anything changed. */
export interface InteractionChange<T extends Interaction = Interaction> {
  item: T;
  changed: boolean;
}

export interface NewBallot {
  pollId: string;
  voterId: string;
  /** The voter's attendance mode: decides the remote window and the onsite/remote split. */
  mode: AttendanceMode;
  clientId: string;
  /** Option ids (rating: the value). Validated by the store against the poll. */
  choices: string[];
  at: number;
  /**
   * When given, the store checks the poll's session in the same step, before anything else but the
   * poll's existence (`admissionRefusal`: NOT_FOUND, POLICY_FORBIDS), so a ballot enters the store
   * once. Not stored.
   */
  admission?: Admission;
}

export interface NewWord {
  cloudId: string;
  participantId: string;
  mode: AttendanceMode;
  clientId: string;
  /** The spelling as typed, cleaned (the normaliser's `display`). */
  text: string;
  /** The normalised grouping key. */
  key: string;
  /** True when the key is on the blocked-words list: a new group starts held back. */
  blocked: boolean;
  at: number;
  /** As a ballot's: the cloud's session checked in the same step, so a word enters the store once. */
  admission?: Admission;
}

/**
 * Persistence of polls, word clouds and the projector screen.
 *
 * Same rules as every store interface: each mutation is atomic, checks its own preconditions
 * inside (two nodes must not race a read-modify-write: the Redis store runs each as one Lua
 * script), carries every generated value (ids, timestamps) in its input, and resolves only once
 * durable. Errors are `AppError`s: NOT_FOUND, CONFLICT (wrong status), CLOSED (ballot or word
 * refused by the lifecycle), LIMIT_REACHED, INVALID_PAYLOAD (choices or text the poll or cloud
 * does not accept).
 *
 * Lifecycle (polls and clouds alike): draft → open → closing → closed, re-openable. `closing` is the
 * hybrid-fair window: closed for on-site voters at `closedAt`, open for remote ones until
 * `remoteClosesAt = closedAt + session.remoteDelaySeconds × 1000`.
 */
export interface InteractionStore {
  // --- reads ---

  /** Every poll and cloud of a session (drafts included), in creation order. */
  listInteractions(sessionId: string): Promise<{ polls: Poll[]; clouds: Cloud[] }>;
  getPoll(id: string): Promise<Poll | null>;
  getCloud(id: string): Promise<Cloud | null>;
  /** Interactions of every session in `closing`, so timers can be set again after a restart. */
  listClosing(): Promise<Interaction[]>;
  /** Whole tally of a poll; `final` is true once the poll is `closed`. */
  pollResults(pollId: string): Promise<PollResults | null>;
  /** Every word group of a cloud with its flags (hidden and blocked included); `final` once `closed`. */
  cloudResults(cloudId: string): Promise<ModCloudResults | null>;
  /** A participant's current ballots in a session's polls. */
  listMyBallots(sessionId: string, voterId: string): Promise<MyBallot[]>;
  /** A participant's words in a session's clouds, in the order sent. */
  listMyWords(sessionId: string, participantId: string): Promise<MyWord[]>;

  // --- definitions ---

  /** Adds a draft poll. NOT_FOUND if the session does not exist; CONFLICT if the id is taken. */
  createPoll(input: { id: string; sessionId: string; definition: PollDefinition; at: number }): Promise<Poll>;
  /**
   * Replaces a poll's definition while it has no ballot (CONFLICT otherwise). `revealed` follows
   * the new visibility (live → true, hidden → false).
   */
  updatePoll(input: { pollId: string; definition: PollDefinition; at: number }): Promise<Poll>;
  /** Adds a draft cloud. */
  createCloud(input: {
    id: string;
    sessionId: string;
    definition: CloudDefinition;
    at: number;
  }): Promise<Cloud>;
  /** Replaces a cloud's definition while it has no word (CONFLICT otherwise). */
  updateCloud(input: { cloudId: string; definition: CloudDefinition; at: number }): Promise<Cloud>;

  // --- lifecycle (polls and clouds alike) ---

  /**
   * draft, closing or closed → open (ballots and words kept; `openedAt = at`, close times cleared).
   * Already open: unchanged.
   */
  openInteraction(ref: InteractionRef, at: number): Promise<InteractionChange>;
  /**
   * open → closing (`closedAt = at`, `remoteClosesAt = at + delay`), or straight to closed when the
   * session's delay is 0. Already closing or closed: unchanged. Draft: CONFLICT.
   */
  closeInteraction(ref: InteractionRef, at: number): Promise<InteractionChange>;
  /**
   * closing → closed when `at >= remoteClosesAt`; otherwise (too early, or any other status)
   * unchanged. Idempotent: the remote-window timer may fire on several nodes or twice.
   */
  finalizeInteraction(ref: InteractionRef, at: number): Promise<InteractionChange>;
  /** Shows (`true`) or hides the results of a `hidden` interaction; a `live` one stays revealed. */
  revealInteraction(ref: InteractionRef, revealed: boolean, at: number): Promise<InteractionChange>;

  // --- participation ---

  /**
   * Casts or changes a participant's ballot (one per participant per poll, the latest counts).
   * Order of checks: a `clientId` this voter already used in this poll (even an older one) changes
   * nothing and answers the current ballot with `counted: false`; then the lifecycle (`open`, or
   * `closing` for a remote voter while `at < remoteClosesAt`, else CLOSED); then the choices (option
   * ids of the poll, no duplicates, exactly 1 for single and rating, 1..maxChoices for multiple,
   * else INVALID_PAYLOAD). A change moves the counts from the old choices to the new ones in the
   * same step and bumps the results' `version`; the same choices again count nothing. The voter's
   * attendance mode is part of the ballot: the same choices from the other mode (a participant who
   * switched between hall and remote) are a counted change that moves the votes between `onsite`
   * and `remote` (`counted: true`, `all` unchanged, version bumped). The results are not answered:
   * the fan-out reads them (`pollResults`) when it flushes.
   */
  castBallot(input: NewBallot): Promise<{ ballot: MyBallot; counted: boolean }>;
  /**
   * Adds a word to a cloud. Order of checks, the same in every store:
   * 1. a `clientId` this participant already used in this cloud changes nothing and answers the
   *    word it was answered then, with `counted: false` (even once the cloud is closed);
   * 2. the lifecycle as for ballots (CLOSED);
   * 3. the text: empty `text` or `key`, or longer than `maxLength` characters (code points):
   *    INVALID_PAYLOAD;
   * 4. a key the participant already sent: `counted: false`, no slot used (allowed at the limit);
   * 5. a new key beyond `maxWordsPerParticipant`: LIMIT_REACHED.
   * A new group starts hidden when `blocked`; a hidden group (by a moderator or held back) stays
   * hidden when sent again. The group's shown text is its most frequent spelling, ties going to the
   * first seen.
   */
  submitWord(input: NewWord): Promise<{ word: MyWord; counted: boolean }>;
  /**
   * Hides a word group from the audience, or shows it (which also releases a held-back blocked
   * group). NOT_FOUND for a key nobody sent. Bumps the cloud's results version when it changes.
   */
  setWordHidden(input: { cloudId: string; key: string; hidden: boolean; at: number }): Promise<ModCloudWord>;

  // --- projector ---

  /**
   * Sets what the session's projector shows: a question (approved if pending, as `setOnScreen`), a
   * non-draft poll or cloud of the session (a poll split between hall and remote, or not), or
   * nothing. One thing at a time: a poll or cloud clears `onScreenId`, a question replaces the poll
   * or cloud. Always bumps the session's sequence number (screen changes are numbered with the
   * questions), so the answer is a Q&A change to publish; `screenChanged` says whether `live.screen` moved,
   * including the poll on screen becoming split or not. A poll's `split` is kept with the screen
   * and read back as `false` from data written before it existed.
   */
  setScreen(input: { sessionId: string; item: ScreenItem | null; at: number }): Promise<QuestionChange>;

  // --- privacy (composed by the organizer's privacy service) ---

  /**
   * Resets the polls and word clouds of the edition's sessions to the drafts that were prepared:
   * definitions kept; status draft, close times cleared, `revealed` as at creation; every ballot,
   * tally and word deleted (client ids too), the results' versions bumped so clients take the
   * empty ones. The sessions' screens show nothing, their sequence numbers bumped. Atomic per
   * session. Returns how many polls and clouds had been used (opened, or holding ballots or words).
   */
  wipeInteractions(editionId: string): Promise<number>;
}
