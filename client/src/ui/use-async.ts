import { useEffect, useState } from 'react';

export type AsyncState<T> = { kind: 'loading' } | { kind: 'done'; value: T };

/**
 * Runs `load` whenever `deps` change; a result belongs to the deps it was loaded for, so stale ones
 * read as loading. `load`'s signal is aborted when the deps change or the view goes: a load that
 * waits and asks again (a role check on a lost network) stops then.
 */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): AsyncState<T> {
  const key = JSON.stringify(deps);
  const [result, setResult] = useState<{ key: string; value: T } | null>(null);
  useEffect(() => {
    const stop = new AbortController();
    void load(stop.signal).then((value) => {
      if (!stop.signal.aborted) setResult({ key, value });
    });
    return () => {
      stop.abort();
    };
    // `key` stands for `deps`; `load` is a fresh closure every render by design.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return result && result.key === key ? { kind: 'done', value: result.value } : { kind: 'loading' };
}
