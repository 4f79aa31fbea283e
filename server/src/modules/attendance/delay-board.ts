/**
 * Where live viewers' measured delays meet: each live beat that carries one writes it under the
 * viewer's id (the last one wins: a person with two tabs counts once); readers take the samples of
 * the last `sinceMs`. With one node it lives in memory; with several, in Redis
 * (store/redis/delay-board.ts), so moderators on one node see the viewers of every node. Not
 * durable: a delay a few minutes old says nothing.
 */
export interface DelayBoard {
  report(sessionId: string, viewerId: string, behindSeconds: number, at: number): Promise<void>;
  /** The viewers' latest samples (seconds) reported at or after `since`. */
  samples(sessionId: string, since: number): Promise<number[]>;
  /** Sessions with a sample at or after `since`. */
  sessions(since: number): Promise<string[]>;
}

/** The board of a single node. Bounded: a session's samples older than `since` go at each read. */
export class MemoryDelayBoard implements DelayBoard {
  private readonly bySession = new Map<string, Map<string, { seconds: number; at: number }>>();

  async report(sessionId: string, viewerId: string, behindSeconds: number, at: number): Promise<void> {
    let viewers = this.bySession.get(sessionId);
    if (!viewers) this.bySession.set(sessionId, (viewers = new Map()));
    viewers.delete(viewerId);
    viewers.set(viewerId, { seconds: behindSeconds, at });
  }

  async samples(sessionId: string, since: number): Promise<number[]> {
    const viewers = this.bySession.get(sessionId);
    if (!viewers) return [];
    // Insertion order is report order: the stale ones are at the front.
    for (const [id, sample] of viewers) {
      if (sample.at >= since) break;
      viewers.delete(id);
    }
    if (viewers.size === 0) this.bySession.delete(sessionId);
    return [...viewers.values()].map((s) => s.seconds);
  }

  async sessions(since: number): Promise<string[]> {
    const active: string[] = [];
    for (const [id, viewers] of this.bySession) {
      let latest = 0;
      for (const s of viewers.values()) latest = s.at;
      if (latest >= since) active.push(id);
      else this.bySession.delete(id);
    }
    return active;
  }
}
