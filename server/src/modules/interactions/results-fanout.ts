import type { ServerEventPayload } from '@agora/shared';
import { audienceIntervalMs, LIVE_INTERVAL_MS, type AudienceSize } from '../audience-cadence.ts';
import type { Broadcaster } from '../broadcaster.ts';
import { Coalescer, type Scheduler } from '../coalescer.ts';
import { rooms } from '../rooms.ts';
import type { InteractionKind, InteractionStore } from './interactions.store.ts';
import { audienceSeesResults, toAudienceCloud } from './interactions.view.ts';

interface Logger {
  error(obj: unknown, msg: string): void;
}

export interface ResultsFanoutDeps {
  store: Pick<InteractionStore, 'getPoll' | 'pollResults' | 'getCloud' | 'cloudResults'>;
  bus: Broadcaster;
  scheduler: Scheduler;
  logger: Logger;
  /** The moderators' and projectors' interval, and the audience's floor. */
  intervalMs?: number;
  /** What paces a session's audience (audience-cadence.ts); this node's audience room by default. */
  audienceSize?: AudienceSize;
}

/** What went out last in one tier: its results version, whether the audience could see them, whether volatile. */
interface Sent {
  version: number;
  visible: boolean;
  volatile: boolean;
}

/** The moderators' and projectors' tier of one poll's or cloud's results: every `intervalMs`. */
interface ModerationTier {
  readonly tier: 'moderation';
  readonly target: Target;
  sent: Sent | undefined;
}

/** The rest of the audience (the phones): paced by the session's audience (see audience-cadence.ts). */
interface AudienceTier {
  readonly tier: 'audience';
  readonly target: Target;
  sent: Sent | undefined;
  /** The session's audience at the last flush (`AudienceSize`): its pace. */
  size: number;
  /** After a volatile flush: the reliable one that follows if nothing newer went out. */
  settle: unknown;
}

/** A coalescer key: one tier of one poll's or cloud's results. */
export type ResultsKey = ModerationTier | AudienceTier;

/**
 * One poll or cloud, with its two tier keys. Made once per interaction and kept, so a ballot marks
 * both tiers without allocating anything (the vote burst's hot path).
 */
class Target {
  readonly moderation: ModerationTier;
  readonly audience: AudienceTier;
  /** What the other nodes are signalled (the format between nodes: `poll:<id>`, `cloud:<id>`). */
  readonly signal: string;
  /** Changed by this node since its last moderation-tier flush: to signal to the other nodes. */
  changedHere = false;

  constructor(
    readonly kind: InteractionKind,
    readonly id: string,
  ) {
    this.moderation = { tier: 'moderation', target: this, sent: undefined };
    this.audience = { tier: 'audience', target: this, sent: undefined, size: 0, settle: undefined };
    this.signal = `${kind}:${id}`;
  }
}

/** The interaction another node's signal names, or null (a signal of another kind, or malformed). */
function signalled(key: string): { kind: InteractionKind; id: string } | null {
  const kind = key.startsWith('poll:') ? 'poll' : key.startsWith('cloud:') ? 'cloud' : null;
  if (kind === null || key.length === kind.length + 1) return null;
  return { kind, id: key.slice(kind.length + 1) };
}

/**
 * Poll and cloud results, coalesced per interaction in two tiers; always sent whole, read from the
 * store at flush time, after the durable write that changed them:
 * - moderators (`poll:results`, `cloud:moderation` with every word and its flags) and projectors
 *   at most once per `intervalMs`;
 * - the rest of the audience at a pace bounded by its size (`audienceIntervalMs`; with several
 *   nodes, the session's audience on all of them), volatile, then once more reliably when the
 *   burst is over.
 * Projectors and participants get `poll:results` / `cloud:results` (without hidden words) only while
 * the results are live or revealed: hidden results never reach them before the reveal. Final
 * results, a reveal and a hidden word go out to both tiers at once, never volatile.
 *
 * Every node sends whole results to its own sockets, so the other nodes are told of a change made
 * here: at once for `now`, else once per moderation-tier flush (not once per ballot).
 */
export class ResultsFanout {
  private readonly coalescer: Coalescer<ResultsKey>;
  private readonly targets: Record<InteractionKind, Map<string, Target>> = {
    poll: new Map(),
    cloud: new Map(),
  };
  private readonly interval: number;
  private readonly audienceSize: AudienceSize;
  private stopped = false;

  constructor(private readonly deps: ResultsFanoutDeps) {
    const base = (this.interval = deps.intervalMs ?? LIVE_INTERVAL_MS);
    this.audienceSize = deps.audienceSize ?? ((sessionId) => deps.bus.localSize(rooms.audience(sessionId)));
    this.coalescer = new Coalescer<ResultsKey>(
      (key) => this.flushLogged(key, false),
      deps.scheduler,
      (key) => (key.tier === 'audience' ? audienceIntervalMs(key.size, base) : base),
    );
    deps.bus.onSignal((key, now) => {
      const ref = signalled(key);
      if (ref) this.update(this.target(ref.kind, ref.id), now, false);
    });
  }

  /**
   * The results of a poll or cloud changed on this node: coalesced in both tiers, or sent to both at
   * once (`now`: final, revealed, a word hidden).
   */
  changed(kind: InteractionKind, id: string, now = false): void {
    this.update(this.target(kind, id), now, true);
  }

  /** Cancels every timer (shutdown). */
  stop(): void {
    this.stopped = true;
    this.coalescer.stop();
    for (const byId of Object.values(this.targets)) {
      for (const target of byId.values()) {
        if (target.audience.settle !== undefined) this.deps.scheduler.clearTimeout(target.audience.settle);
        target.audience.settle = undefined;
      }
    }
  }

  private target(kind: InteractionKind, id: string): Target {
    const byId = this.targets[kind];
    let target = byId.get(id);
    if (target === undefined) {
      target = new Target(kind, id);
      byId.set(id, target);
    }
    return target;
  }

  /** `here`: the change was made on this node, so the other nodes are told. */
  private update(target: Target, now: boolean, here: boolean): void {
    if (here && now) this.deps.bus.signal(target.signal, true);
    else if (here) target.changedHere = true;
    if (now) {
      this.coalescer.flushNow(target.moderation);
      this.coalescer.flushNow(target.audience);
    } else {
      this.coalescer.mark(target.moderation);
      this.coalescer.mark(target.audience);
    }
  }

  private flushLogged(key: ResultsKey, reliable: boolean): void {
    this.flush(key, reliable).catch((error: unknown) =>
      this.deps.logger.error(
        { err: error, kind: key.target.kind, id: key.target.id, tier: key.tier },
        'broadcast failed',
      ),
    );
  }

  /**
   * Sends the whole current results of one tier to this node's sockets in the rooms that may see
   * them: moderators and projectors, or the audience room but its projectors.
   */
  private async flush(key: ResultsKey, reliable: boolean): Promise<void> {
    const { store, bus } = this.deps;
    const { target } = key;
    if (key.tier === 'moderation' && target.changedHere) {
      target.changedHere = false;
      bus.signal(target.signal, false);
    }
    if (target.kind === 'poll') {
      const [poll, results] = await Promise.all([store.getPoll(target.id), store.pollResults(target.id)]);
      if (!poll || !results) return;
      const visible = audienceSeesResults(poll);
      if (this.stale(key, results.version, visible, reliable)) return;
      const sessionId = poll.sessionId;
      if (key.tier === 'audience') {
        if (visible) this.toAudience(key, sessionId, 'poll:results', results, reliable || results.final);
        return;
      }
      bus.publishLocal(rooms.moderation(sessionId), 'poll:results', results);
      if (visible) bus.publishLocal(rooms.screens(sessionId), 'poll:results', results);
      return;
    }
    const [cloud, results] = await Promise.all([store.getCloud(target.id), store.cloudResults(target.id)]);
    if (!cloud || !results) return;
    const visible = audienceSeesResults(cloud);
    if (this.stale(key, results.version, visible, reliable)) return;
    const sessionId = cloud.sessionId;
    if (key.tier === 'audience') {
      if (visible)
        this.toAudience(key, sessionId, 'cloud:results', toAudienceCloud(results), reliable || results.final);
      return;
    }
    bus.publishLocal(rooms.moderation(sessionId), 'cloud:moderation', results);
    if (visible) bus.publishLocal(rooms.screens(sessionId), 'cloud:results', toAudienceCloud(results));
  }

  /**
   * The audience tier: everyone following the session but its projectors (they had it in the first
   * tier). Live results go out `volatile`: a phone still busy receiving (its acks, the previous
   * results) skips them, as the next flush carries the whole results again (in the vote burst at
   * 10,000 a third of the flushes was skipped, the ack p99 halved). So that no phone stays on
   * skipped results, the last flush of a burst is followed one interval later by a reliable one,
   * and final results are always reliable.
   */
  private toAudience<N extends 'poll:results' | 'cloud:results'>(
    key: AudienceTier,
    sessionId: string,
    event: N,
    payload: ServerEventPayload<N>,
    reliable: boolean,
  ): void {
    const { bus, scheduler } = this.deps;
    const room = rooms.audience(sessionId);
    const size = this.audienceSize(sessionId);
    key.size = size;
    if (key.settle !== undefined) scheduler.clearTimeout(key.settle);
    key.settle = undefined;
    bus.publishLocal(room, event, payload, { except: rooms.screens(sessionId), volatile: !reliable });
    if (key.sent) key.sent.volatile = !reliable;
    if (reliable || this.stopped) return;
    key.settle = scheduler.setTimeout(
      () => {
        key.settle = undefined;
        // A newer flush is on its way: it settles in turn.
        if (this.coalescer.pending(key)) return;
        this.flushLogged(key, true);
      },
      audienceIntervalMs(size, this.interval),
    );
  }

  /**
   * True when these results need not go out: newer ones were already sent (two reads finished out
   * of order), or these very ones to the same rooms (another node's signal for a change this node
   * had already sent), unless they went out volatile and this is the reliable send that follows.
   */
  private stale(key: ResultsKey, version: number, visible: boolean, reliable: boolean): boolean {
    const { sent } = key;
    if (sent && version < sent.version) return true;
    const same = sent?.version === version && sent.visible === visible;
    if (same && !(reliable && sent.volatile)) return true;
    key.sent = { version, visible, volatile: false };
    return false;
  }
}
