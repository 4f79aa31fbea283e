import { AppError, checkAnswerable, type AttendanceMode, type Poll } from '@agora/shared';
import type { NewBallot, PollDefinition } from '../interactions/interactions.store.ts';
import { newDraft, refusals as lifecycle, revealedFor } from '../interactions/lifecycle.rules.ts';

/*
 * The rules of polls, decided once: definitions and ballots. Pure functions of what the store
 * holds, the input and the time, giving a refusal (thrown AppError) or a change; the embedded store
 * applies the change, the Redis store commits it (definitions), or runs the ballot's script, which
 * reports these rules' codes (`RULE <name>`) and never a text. Every refusal text of a poll write is here.
 */

/** Every refusal of a poll write (the lifecycle's are in lifecycle.rules.ts). */
export const refusals = {
  withBallots: () => new AppError('CONFLICT', 'a poll with ballots cannot be edited'),
  notAnOption: () => new AppError('INVALID_PAYLOAD', 'a choice is not an option of this poll'),
  choiceTwice: () => new AppError('INVALID_PAYLOAD', 'a choice is given twice'),
  /** `max`: how many choices the poll takes (1 unless multiple). */
  choiceCount: (max: number | string) =>
    new AppError(
      'INVALID_PAYLOAD',
      Number(max) === 1 ? 'exactly one choice' : `between 1 and ${max} choices`,
    ),
} as const;

/** A new draft poll. */
export function newPoll(input: {
  id: string;
  sessionId: string;
  definition: PollDefinition;
  at: number;
}): Poll {
  return {
    ...newDraft({ ...input, visibility: input.definition.visibility }),
    kind: 'poll',
    ...structuredClone(input.definition),
  };
}

/**
 * A poll's new definition, while it has no ballot; `revealed` follows the new visibility. The store
 * starts its tallies again from the new options and bumps the results' version.
 */
export function decideUpdatePoll(poll: Poll | null, hasBallots: boolean, definition: PollDefinition): Poll {
  if (!poll) throw lifecycle.notFound('poll');
  if (hasBallots) throw refusals.withBallots();
  return { ...poll, ...structuredClone(definition), revealed: revealedFor(definition.visibility) };
}

/** The fields of a poll the ballot rules read. */
export type BallotPoll = Pick<
  Poll,
  'id' | 'kind' | 'status' | 'remoteClosesAt' | 'options' | 'pollKind' | 'maxChoices'
>;

/** A voter's current ballot, as kept. */
export interface Ballot {
  choices: string[];
  mode: AttendanceMode;
  clientId: string;
}

/** Which tally a ballot counts in besides `all`. */
export const sideOf = (mode: AttendanceMode): 'onsite' | 'remote' =>
  mode === 'onsite' ? 'onsite' : 'remote';

/** One ballot added to (+1) or taken from (-1) `all` and its side, each of its choices with it. */
export interface TallyMove {
  side: 'onsite' | 'remote';
  delta: 1 | -1;
  choices: string[];
}

/**
 * What a ballot does:
 * - `again`: a client id this voter already used in this poll; nothing changes, the current
 *   ballot is answered, not counted;
 * - `same`: the same choices from the same mode; the client id is recorded, nothing counted;
 * - `count`: the ballot replaces the voter's previous one (if any): `moves` take the previous one
 *   off its tallies and add the new one, in one step; the results' version is bumped.
 */
export type BallotDecision = (
  | { kind: 'again'; counted: false }
  | { kind: 'same'; counted: false }
  | { kind: 'count'; counted: true; moves: TallyMove[] }
) & {
  /** The voter's ballot as kept after it (`again`: unchanged). */
  ballot: Ballot;
  /** What the voter is answered: `again`, the current ballot; otherwise the choices as sent. */
  answer: Pick<Ballot, 'clientId' | 'choices'>;
};

/** Choices must be options of the poll, each once: exactly one, or 1..maxChoices for a multiple. */
export function checkChoices(
  poll: Pick<Poll, 'options' | 'pollKind' | 'maxChoices'>,
  choices: string[],
): void {
  const ids = new Set(poll.options.map((o) => o.id));
  if (choices.some((c) => !ids.has(c))) throw refusals.notAnOption();
  if (new Set(choices).size !== choices.length) throw refusals.choiceTwice();
  const max = poll.pollKind === 'multiple' ? poll.maxChoices : 1;
  if (choices.length < 1 || choices.length > max) throw refusals.choiceCount(max);
}

/**
 * A ballot, in the order of checks of `InteractionStore.castBallot`: a client id seen before, the
 * lifecycle (CLOSED), the choices (INVALID_PAYLOAD); then whether anything is counted.
 * `prior.seen`: whether this voter's `clientId` was accepted before in this poll.
 */
export function decideBallot(
  poll: BallotPoll | null,
  prior: { ballot: Ballot | null; seen: boolean },
  input: Pick<NewBallot, 'mode' | 'clientId' | 'choices' | 'at'>,
): BallotDecision {
  if (!poll) throw lifecycle.notFound('poll');
  const current = prior.ballot;
  if (prior.seen && current) {
    const answer = { clientId: current.clientId, choices: [...current.choices] };
    return { kind: 'again', ballot: current, counted: false, answer };
  }
  checkAnswerable(poll, input.mode, input.at);
  checkChoices(poll, input.choices);
  const ballot: Ballot = { choices: [...input.choices], mode: input.mode, clientId: input.clientId };
  const same =
    current !== null &&
    current.mode === input.mode &&
    current.choices.length === ballot.choices.length &&
    current.choices.every((c) => ballot.choices.includes(c));
  const answer = { clientId: input.clientId, choices: [...ballot.choices] };
  if (same) return { kind: 'same', ballot: { ...current, clientId: input.clientId }, counted: false, answer };
  const moves: TallyMove[] = [];
  if (current) moves.push({ side: sideOf(current.mode), delta: -1, choices: current.choices });
  moves.push({ side: sideOf(ballot.mode), delta: 1, choices: ballot.choices });
  return { kind: 'count', ballot, counted: true, moves, answer };
}
