import type { Ack, AppErrorBody } from '@agora/shared';

/** The wait before the first new try of a request that got no answer. */
export const FIRST_WAIT_MS = 500;
/** The longest wait between two tries: a phone back on the Wi-Fi sees the page within 5 s. */
const LONGEST_WAIT_MS = 5_000;

/** The wait after `wait`: doubling, up to 5 s. */
export const nextWait = (wait: number) => Math.min(LONGEST_WAIT_MS, wait * 2);

/** Resolves after `ms`, or at once when `signal` aborts (the view that waits is gone). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Errors a page's load shows while it asks again by itself: no answer (the network, a proxy's
 * 502–504, a node restarting), too many requests (their messages say so: « Nouvel essai
 * automatique », « Patientez un instant »), and a server error (a store restarting under it: the
 * load is a read, and the page comes by itself once the server answers). Every other error is an
 * answer about the request and stays.
 */
const AGAIN: ReadonlySet<AppErrorBody['code']> = new Set(['UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL']);

export function askedAgain(error: AppErrorBody | null | undefined): boolean {
  return error != null && AGAIN.has(error.code);
}

/** An API answer that is such an error (`askedAgain`); null or undefined: none asked yet. */
export function answerAgain(answer: Ack<unknown> | null | undefined): boolean {
  return answer != null && !answer.ok && askedAgain(answer.error);
}
