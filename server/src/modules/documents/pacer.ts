import { Transform, type TransformCallback } from 'node:stream';

/**
 * A node's budget of bytes per second for serving files, shared by every download (a token
 * bucket; waiting chunks are served in arrival order). Measured: 200 downloads of a 20 MB PDF
 * served as fast as loopback allows took the node's 2 cores and delayed a screen change to the
 * room from 5 ms to 200–900 ms (p99); paced, the files go out at a network's pace and the live
 * traffic keeps its time (README, « Files »). 0 = no budget.
 */
export class Pacer {
  private tokens: number;
  private last = performance.now();
  private readonly queue: { bytes: number; go: () => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bytesPerSecond: number,
    /**
     * The most a quiet node lets out at once: 10 ms worth. A busy node's timer fires late and the
     * bucket refills meanwhile, so a full bucket goes out in one turn of the event loop; at 100 ms
     * worth (10 MB at the default pace), that turn made a screen change wait: its p90 during 200
     * downloads 112–180 ms, 27–60 ms at 10 ms worth (docs/performance.md, « Downloads beside the live
     * traffic »).
     */
    private readonly burst = bytesPerSecond / 100,
  ) {
    this.tokens = burst;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.bytesPerSecond);
    this.last = now;
  }

  private drain = (): void => {
    this.timer = null;
    this.refill();
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      // A chunk larger than the burst goes once the bucket is full, or it would never go.
      if (this.tokens < Math.min(next.bytes, this.burst)) break;
      this.tokens -= next.bytes;
      this.queue.shift();
      next.go();
    }
    if (this.queue.length > 0) {
      const missing = Math.min(this.queue[0]!.bytes, this.burst) - this.tokens;
      this.timer = setTimeout(this.drain, Math.max(1, (missing / this.bytesPerSecond) * 1000));
    }
  };

  /** Resolves when `bytes` may go out. */
  take(bytes: number): Promise<void> {
    if (this.bytesPerSecond <= 0) return Promise.resolve();
    return new Promise((go) => {
      this.queue.push({ bytes, go });
      if (!this.timer) this.drain();
    });
  }

  /** A stream that lets bytes through at the node's pace. */
  stream(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) => {
        this.take(chunk.length).then(() => done(null, chunk), done);
      },
    });
  }
}
