import { useFrenchSpacing } from './use-french-spacing.ts';

/** A participant's or organizer's text as shown, French spacing applied (never in an input). */
export function UserText({ text }: { text: string }) {
  const spaced = useFrenchSpacing();
  return <>{spaced(text)}</>;
}
