import { useCallback, useState } from 'react';

type Said = { n: number; text: string };
const KEPT = 4;

/**
 * What a screen reader should hear without the focus moving: the last few things said. Each new
 * one is a node added to the region, so it is read even when its words repeat the last ones, and
 * two said a few milliseconds apart are both read.
 */
export function useLiveLog() {
  const [said, setSaid] = useState<readonly Said[]>([]);
  const say = useCallback((texts: readonly string[]) => {
    if (texts.length === 0) return;
    setSaid((old) => [
      ...old.slice(Math.max(0, old.length + texts.length - KEPT)),
      ...texts.map((text, i) => ({ n: (old.at(-1)?.n ?? 0) + i + 1, text })),
    ]);
  }, []);
  return { said, say };
}

/**
 * The polite live region. Mount it with the page, before anything is said: a region inserted
 * together with its text is not read.
 */
export function LiveLog({ said, testId }: { said: readonly Said[]; testId: string }) {
  return (
    <div className="sr-only" aria-live="polite" aria-relevant="additions" data-testid={testId}>
      {said.map((s) => (
        <p key={s.n}>{s.text}</p>
      ))}
    </div>
  );
}
