import type { Op, State } from './state.ts';

/**
 * What an embedded store part is given (the `Journal`, journal.ts): the state to read (replaced
 * whole when a snapshot loads), `commit` to apply an operation and wait until the journal has it on
 * disk (with the operation's own change, `apply`, when the part holds it), and `durable` for reads
 * that reach clients (handed over once every change they may include is on disk).
 */
export interface Journaled {
  state(): State;
  commit<T>(op: Op, apply?: () => T): Promise<T>;
  durable<T>(value: T): Promise<T>;
}
