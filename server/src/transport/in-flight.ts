/**
 * Work being done for clients right now: socket commands and HTTP requests. On shutdown the node
 * stops taking new work (commands get UNAVAILABLE acks, requests a 503: the client's outbox re-sends
 * after reconnecting elsewhere) and waits for the running work to be written and answered, so no
 * acknowledged-or-about-to-be submission is cut in half, and nothing writes to the store once it
 * is closed.
 */
export class InFlight {
  private count = 0;
  private closing = false;
  private idle: (() => void) | null = null;

  get accepting(): boolean {
    return !this.closing;
  }

  begin(): void {
    this.count += 1;
  }

  end(): void {
    this.count -= 1;
    if (this.count === 0) this.idle?.();
  }

  /** Stops accepting and resolves once all running work has answered, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void> {
    this.closing = true;
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
