import { NewerDataFormatError } from '../newer-data-error.ts';

export { NewerDataFormatError };

/**
 * The format of the embedded store's files (snapshot and journal), written in each so that a
 * version reading them knows what wrote them. Files from before the format was written are
 * format 1. Raise DATA_FORMAT when the shape of the state or of an operation changes, and add the
 * step from the previous format below: it runs at start, on what was read, before anything is
 * applied; the start then writes a snapshot in the current format (the upgrade is kept).
 */
export const DATA_FORMAT = 2;

/** The format of files that carry none: everything written before the format was. */
export const UNVERSIONED = 1;

type Json = Record<string, unknown>;

interface Step {
  /** Rewrites a snapshot's state from format `to - 1` to `to`. */
  state(state: Json): Json;
  /** Rewrites one journaled operation from format `to - 1` to `to`. */
  op(op: Json): Json;
}

/** `steps[k]` upgrades format k + 1 to k + 2. */
const steps: Step[] = [
  {
    // 1 → 2: the parts added after the first release default to empty, and a session's live state
    // from before the shared screen (only `onScreenId`) names a question on screen. Operations kept
    // their shape (the journal's `org-erase` of then is still applied as written).
    state: (state) => ({
      ...state,
      claims: state.claims ?? [],
      live: ((state.live ?? []) as [string, Json][]).map(([id, live]) => [
        id,
        'screen' in live
          ? live
          : { ...live, screen: live.onScreenId ? { kind: 'question', id: live.onScreenId } : null },
      ]),
    }),
    op: (op) => op,
  },
];

function check(format: number, where: string): void {
  if (!Number.isInteger(format) || format < UNVERSIONED)
    throw new Error(`${where}: bad data format ${format}`);
  if (format > DATA_FORMAT) throw new NewerDataFormatError(format, DATA_FORMAT, where);
}

/** A snapshot's state, upgraded from `format` to DATA_FORMAT. */
export function migrateState(state: unknown, format: number, where = 'the snapshot'): unknown {
  check(format, where);
  let current = state as Json;
  for (let f = format; f < DATA_FORMAT; f += 1) current = (steps[f - 1] as Step).state(current);
  return current;
}

/** A journaled operation, upgraded from `format` to DATA_FORMAT. */
export function migrateOp<Op>(op: Op, format: number, where = 'the journal'): Op {
  check(format, where);
  let current = op as Json;
  for (let f = format; f < DATA_FORMAT; f += 1) current = (steps[f - 1] as Step).op(current);
  return current as Op;
}
