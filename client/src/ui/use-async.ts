import { useEffect, useState } from 'react';

export type AsyncState<T> = { kind: 'loading' } | { kind: 'done'; value: T };

/** Runs `load` whenever `deps` change; the result of an outdated run is dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    void load().then((value) => {
      if (live) setState({ kind: 'done', value });
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
