import { useEffect, useState } from 'react';
import { FIRST_WAIT_MS, nextWait, pause } from '../api/ask-again.ts';

export type AsyncState<T> = { kind: 'loading' } | { kind: 'done'; value: T };

/**
 * Runs `load` whenever `deps` change; a result belongs to the deps it was loaded for, so stale ones
 * read as loading (and a load that ends after the deps changed or the view went is dropped).
 *
 * `again`: a result it says yes to (an answer that never came, `askedAgain`) is shown, then loaded
 * again after 0.5 s, doubling up to 5 s, for as long as the view is there: the page that says
 * « Serveur injoignable. Nouvel essai automatique. » does try again, and shows the answer when it comes.
 */
export function useAsync<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  again?: (value: T) => boolean,
): AsyncState<T> {
  const key = JSON.stringify(deps);
  const [result, setResult] = useState<{ key: string; value: T } | null>(null);
  useEffect(() => {
    const stop = new AbortController();
    void (async () => {
      for (let wait = FIRST_WAIT_MS; !stop.signal.aborted; wait = nextWait(wait)) {
        const value = await load();
        if (stop.signal.aborted) return;
        setResult({ key, value });
        if (!again?.(value)) return;
        await pause(wait, stop.signal);
      }
    })();
    return () => {
      stop.abort();
    };
    // `key` stands for `deps`; `load` and `again` are fresh closures every render by design.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return result && result.key === key ? { kind: 'done', value: result.value } : { kind: 'loading' };
}
