import { useMemo } from 'react';
import { useFrenchSpacing } from './use-french-spacing.ts';

/**
 * A participant's or organizer's text as shown, French spacing applied (never in an input). Spaced
 * once per text: a queue re-renders its cards at every vote, and a 465-character question costs
 * 13-25 µs to space.
 */
export function UserText({ text }: { text: string }) {
  const spaced = useFrenchSpacing();
  const shown = useMemo(() => spaced(text), [spaced, text]);
  return <>{shown}</>;
}
