import { useEffect, useState } from 'react';

export type AsyncState<T> = { kind: 'loading' } | { kind: 'done'; value: T };

/** Runs `load` whenever `deps` change; a result belongs to the deps it was loaded for, so stale ones read as loading. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const key = JSON.stringify(deps);
  const [result, setResult] = useState<{ key: string; value: T } | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((value) => {
      if (live) setResult({ key, value });
    });
    return () => {
      live = false;
    };
    // `key` stands for `deps`; `load` is a fresh closure every render by design.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return result && result.key === key ? { kind: 'done', value: result.value } : { kind: 'loading' };
}
