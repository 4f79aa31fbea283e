import { useEffect, useRef, useState, type RefObject } from 'react';
import type { Interaction } from '../../state/interactions.state.ts';

const CARD = '[data-poll-id], [data-cloud-id]';
/** A card is seen once its question has been read: its heading whole on the screen, below the header. */
const SEEN_RATIO = 0.9;
const BELOW_HEADER = '-56px 0px 0px 0px';

const idOf = (heading: Element): string | undefined => {
  const card = heading.closest(CARD);
  return card instanceof HTMLElement ? (card.dataset.pollId ?? card.dataset.cloudId) : undefined;
};

/**
 * The first of `answerable` (the newest) whose card came while it was out of sight above: the page
 * keeps what the person is using in its place (`useKeepInPlace`), so a poll opened meanwhile lands
 * above the screen, or with only its options in sight (measured at 360 px: the lower 200 px of a
 * poll's card above « Envoyer », its question under the header). Once its question has been on the
 * screen, it is seen for good.
 */
export function useUnseenAbove(
  containerRef: RefObject<HTMLElement | null>,
  answerable: readonly Interaction[],
): Interaction | null {
  const seen = useRef(new Set<string>());
  const [above, setAbove] = useState<ReadonlySet<string>>(() => new Set());
  const ids = answerable.map((i) => i.id).join(' ');

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const wanted = new Set(ids.split(' '));
    const observer = new IntersectionObserver(
      (entries) => {
        setAbove((before) => {
          const next = new Set(before);
          for (const entry of entries) {
            const id = idOf(entry.target);
            if (id === undefined) continue;
            if (entry.intersectionRatio >= SEEN_RATIO) seen.current.add(id);
            const outAbove = entry.boundingClientRect.top < (entry.rootBounds?.top ?? 0);
            if (!seen.current.has(id) && outAbove) next.add(id);
            else next.delete(id);
          }
          return next.size === before.size && [...next].every((id) => before.has(id)) ? before : next;
        });
      },
      { threshold: [0, SEEN_RATIO], rootMargin: BELOW_HEADER },
    );
    // Observed from the second frame on: a card's first layout may be before the page kept the
    // person's place (measured: the heading read at 75 px, then at -65 px once the page scrolled).
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        for (const heading of container.querySelectorAll('.interaction-question')) {
          const id = idOf(heading);
          if (id !== undefined && wanted.has(id)) observer.observe(heading);
        }
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [containerRef, ids]);

  return answerable.find((i) => above.has(i.id)) ?? null;
}

/** Brings a card into sight and gives it the focus (its name is read), as a skip link does. */
export function showCard(container: HTMLElement | null, id: string): void {
  const key = CSS.escape(id);
  const card = container?.querySelector<HTMLElement>(`[data-poll-id="${key}"], [data-cloud-id="${key}"]`);
  if (!card) return;
  card.scrollIntoView({ block: 'start', behavior: 'instant' });
  card.focus({ preventScroll: true });
}
