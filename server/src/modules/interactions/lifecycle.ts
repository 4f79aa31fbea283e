import type { Broadcaster } from '../broadcaster.ts';
import type { Clock } from '../clock.ts';
import type { Scheduler } from '../coalescer.ts';
import type { Principal } from '../identity/principal.ts';
import type { ProgramStore } from '../program/program.store.ts';
import { rooms } from '../rooms.ts';
import { moderatedInteraction } from './interaction-access.ts';
import type {
  Interaction,
  InteractionChange,
  InteractionKind,
  InteractionRef,
  InteractionStore,
} from './interactions.store.ts';
import { isPublished } from './interactions.view.ts';
import type { ResultsFanout } from './results-fanout.ts';

interface Logger {
  error(obj: unknown, msg: string): void;
}

export interface LifecycleDeps {
  store: {
    interactions: Pick<
      InteractionStore,
      | 'getPoll'
      | 'getCloud'
      | 'listClosing'
      | 'openInteraction'
      | 'closeInteraction'
      | 'revealInteraction'
      | 'finalizeInteraction'
    >;
    program: ProgramStore;
  };
  bus: Broadcaster;
  clock: Clock;
  /** Timers of the remote windows and of the sweep. */
  scheduler: Scheduler;
  results: ResultsFanout;
  logger: Logger;
  /**
   * How often every node looks for `closing` interactions it has no timer for: the node that
   * closed one may die before its window ends, and another node must then end it.
   */
  closingSweepMs?: number;
}

export type Ref<K extends InteractionKind> = { kind: K; id: string };
export type Of<K extends InteractionKind> = Extract<Interaction, { kind: K }>;

/**
 * The lifecycle of polls and word clouds, written once for both: open, close with the remote window
 * (a timer per interaction, set again after a restart), finalise, reveal. Publishes after each
 * durable change: `poll:updated` / `cloud:updated` to the moderation room, and to the audience room
 * unless a draft; then the results through the fan-out (final results and a reveal at once).
 */
export class InteractionLifecycle {
  /** Remote-window timers, by kind and id. */
  private readonly timers: Record<InteractionKind, Map<string, unknown>> = {
    poll: new Map(),
    cloud: new Map(),
  };
  private stopped = false;
  private sweep: unknown = null;

  constructor(private readonly deps: LifecycleDeps) {}

  /**
   * Sets the remote-window timers of every interaction left `closing` (after a restart), then keeps
   * looking for ones closed on another node: if that node dies, this one ends the window on time.
   * Several nodes finalizing the same one is harmless (the store changes it once; only that node publishes).
   */
  async start(): Promise<void> {
    await this.sweepClosing();
  }

  /** Cancels every timer (shutdown); a `closing` interaction is picked up again by the next `start`. */
  stop(): void {
    this.stopped = true;
    if (this.sweep !== null) this.deps.scheduler.clearTimeout(this.sweep);
    for (const byId of Object.values(this.timers)) {
      for (const handle of byId.values()) this.deps.scheduler.clearTimeout(handle);
      byId.clear();
    }
  }

  /** Moderators of the session: open a draft or re-open a closed one (ballots and words kept). */
  async open<K extends InteractionKind>(principal: Principal, ref: Ref<K>): Promise<Of<K>> {
    await moderatedInteraction(this.deps.store, principal, ref);
    const change = await this.deps.store.interactions.openInteraction(ref, this.deps.clock.now());
    if (change.item.status !== 'closing') this.cancelFinalize(ref);
    return this.afterChange(change) as Of<K>;
  }

  /**
   * Moderators of the session: close now for the hall; remote participants keep the session's
   * stream delay, after which the final results are published.
   */
  async close<K extends InteractionKind>(principal: Principal, ref: Ref<K>): Promise<Of<K>> {
    await moderatedInteraction(this.deps.store, principal, ref);
    const change = await this.deps.store.interactions.closeInteraction(ref, this.deps.clock.now());
    this.scheduleFinalize(change.item);
    return this.afterChange(change) as Of<K>;
  }

  /** Moderators of the session: show (or hide again) the results of a `hidden` interaction to the audience. */
  async reveal<K extends InteractionKind>(
    principal: Principal,
    ref: Ref<K>,
    revealed: boolean,
  ): Promise<Of<K>> {
    await moderatedInteraction(this.deps.store, principal, ref);
    const change = await this.deps.store.interactions.revealInteraction(ref, revealed, this.deps.clock.now());
    return this.afterChange(change) as Of<K>;
  }

  /** Ends the remote window: `closed`, then the exact final results at once. */
  async finalize(ref: InteractionRef): Promise<void> {
    this.timers[ref.kind].delete(ref.id);
    if (this.stopped) return;
    const change = await this.deps.store.interactions.finalizeInteraction(ref, this.deps.clock.now());
    if (change.changed) {
      this.publishUpdated(change.item);
      this.deps.results.changed(ref.kind, ref.id, true);
    } else if (change.item.status === 'closing') {
      // The timer fired a little before the store's clock reached the end of the window.
      this.scheduleFinalize(change.item);
    }
  }

  /** `poll:updated` / `cloud:updated` to the moderation room, and to the audience room unless a draft. */
  publishUpdated(item: Interaction): void {
    const targets = [rooms.moderation(item.sessionId)];
    if (isPublished(item)) targets.push(rooms.audience(item.sessionId));
    for (const room of targets) {
      if (item.kind === 'poll') this.deps.bus.publish(room, 'poll:updated', item);
      else this.deps.bus.publish(room, 'cloud:updated', item);
    }
  }

  private afterChange(change: InteractionChange): Interaction {
    const { item } = change;
    if (change.changed) {
      this.publishUpdated(item);
      // Final results (and a reveal) go out at once; other status changes ride the coalescer.
      this.deps.results.changed(item.kind, item.id, item.status === 'closed' || item.revealed);
    }
    return item;
  }

  private async sweepClosing(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const item of await this.deps.store.interactions.listClosing()) {
        if (!this.timers[item.kind].has(item.id)) this.scheduleFinalize(item);
      }
    } catch (error) {
      this.deps.logger.error({ err: error }, 'looking for closing polls and clouds failed');
    }
    if (this.stopped) return;
    this.sweep = this.deps.scheduler.setTimeout(
      () => void this.sweepClosing(),
      this.deps.closingSweepMs ?? 1000,
    );
  }

  private scheduleFinalize(item: Interaction): void {
    if (this.stopped || item.status !== 'closing' || item.remoteClosesAt === null) return;
    const ref: InteractionRef = { kind: item.kind, id: item.id };
    this.cancelFinalize(ref);
    const wait = Math.max(0, item.remoteClosesAt - this.deps.clock.now());
    this.timers[ref.kind].set(
      ref.id,
      this.deps.scheduler.setTimeout(() => {
        this.finalize(ref).catch((error: unknown) =>
          this.deps.logger.error({ err: error, ref }, 'closing the remote window failed'),
        );
      }, wait),
    );
  }

  private cancelFinalize(ref: InteractionRef): void {
    const handle = this.timers[ref.kind].get(ref.id);
    if (handle === undefined) return;
    this.deps.scheduler.clearTimeout(handle);
    this.timers[ref.kind].delete(ref.id);
  }
}
