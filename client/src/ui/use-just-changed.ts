import { useEffect, useState } from 'react';

/**
 * How long a control that just changed under the pointer ignores clicks: less than anyone takes to
 * see a change and read what is now there (a reaction to a visual change takes 250 ms at best,
 * reading a question more than a second), more than a double click's second click.
 */
export const SETTLE_MS = 700;

/**
 * True for `SETTLE_MS` after `key` changed from one value to another (not when first rendered, nor
 * from or to `null`, nothing): what the key stands for (a question's status and place in a list)
 * is new where the person's pointer or keys were. A change of `view` (a filter the person chose)
 * is theirs: the key follows it without settling.
 */
export function useJustChanged(key: string | null, view = ''): boolean {
  const [last, setLast] = useState({ key, view });
  const [settling, setSettling] = useState(false);
  if (last.key !== key || last.view !== view) {
    setLast({ key, view });
    if (last.view === view && last.key !== null && key !== null) setSettling(true);
  }
  useEffect(() => {
    if (!settling) return;
    const done = setTimeout(() => setSettling(false), SETTLE_MS);
    return () => clearTimeout(done);
  }, [settling, last]);
  return settling;
}

/**
 * True for `SETTLE_MS` after the component first shows: what appears at the top of a page pushes
 * everything down, and a tap already on its way lands on it (a poll's option: a ballot the person
 * did not mean).
 */
export function useArriving(): boolean {
  const [arriving, setArriving] = useState(true);
  useEffect(() => {
    const done = setTimeout(() => setArriving(false), SETTLE_MS);
    return () => clearTimeout(done);
  }, []);
  return arriving;
}

/**
 * A group of buttons that waits `SETTLE_MS` after `key` changed (see `useJustChanged`): `wait` is
 * spread on each button (said unavailable meanwhile, and skipped by contrast checks as a disabled
 * control is; the buttons stay focusable), `unlessSettling` wraps each handler (ignored meanwhile).
 */
export function useSettling(key: string | null, view = '') {
  const settling = useJustChanged(key, view);
  return {
    settling,
    wait: settling ? ({ 'aria-disabled': true } as const) : {},
    unlessSettling:
      <A extends unknown[]>(act: (...args: A) => void) =>
      (...args: A) => {
        if (!settling) act(...args);
      },
  };
}
