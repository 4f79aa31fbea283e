import type { Ack } from '@agora/shared';
import { useEffect, useState } from 'react';
import { call, type CallInput, type Output, type RouteName } from './api.ts';

/**
 * Loads a route's answer, again whenever the input changes, on `reload()`, and every `refreshMs`
 * if given. While a reload runs the previous answer stays on screen (no flashing tables).
 */
export function useCall<N extends RouteName>(
  name: N,
  input: CallInput<N>,
  refreshMs?: number,
): { result: Ack<Output<N>> | null; reload: () => void } {
  const key = JSON.stringify([name, input]);
  const [state, setState] = useState<{ key: string; result: Ack<Output<N>> } | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    const run = () =>
      void call(name, input).then((result) => {
        if (live) setState({ key, result });
      });
    run();
    const timer = refreshMs ? setInterval(run, refreshMs) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
    // `key` stands for `name` and `input`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick, refreshMs]);
  return {
    result: state && state.key === key ? state.result : null,
    reload: () => setTick((n) => n + 1),
  };
}
