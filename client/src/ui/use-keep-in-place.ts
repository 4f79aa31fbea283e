import { useEffect, type RefObject } from 'react';

/** How long after a touch, a key or a click the person counts as still using the page. */
export const HOLD_MS = 5_000;

const NOT_TYPED = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file']);

/** A field the person types into: while it has the focus, they are using the page however long they think. */
function typingIn(el: Element | null): el is HTMLElement {
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return !NOT_TYPED.has(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

/**
 * Keeps what the person is using where it is on the screen while the page changes above it: the
 * field they type in, or what they last touched, clicked or focused in the last `HOLD_MS`.
 *
 * The moderator's commands put cards at the top of the room (a new poll, the question on screen):
 * a tap on its way to « Envoyer » or a ▲ then lands on whatever moved under it (measured at 360 px:
 * a poll's card moved « Envoyer » 560 → 1,029 px; the tap cast a ballot). Browsers' scroll anchoring
 * does not help at the top of the page (its anchor is then above the change) nor in Safari. So, when
 * `watched` (what changes) changes size and the anchor moved, the page scrolls by as much, before
 * the frame is painted (a ResizeObserver runs after layout, before paint: nothing is seen to move).
 * What was removed above at the top of the page cannot be scrolled back: `spacer` (a block just
 * before `watched`, outside it so that its own changes are not observed again) keeps its room until
 * the person has stopped using the page. Someone only reading (no
 * touch for `HOLD_MS`, no field focused) sees the page change as it comes: a new poll in sight.
 */
export function useKeepInPlace(
  pageRef: RefObject<HTMLElement | null>,
  spacerRef: RefObject<HTMLElement | null>,
  watchedRef: RefObject<HTMLElement | null>,
): void {
  useEffect(() => {
    const page = pageRef.current;
    const spacer = spacerRef.current;
    const watched = watchedRef.current;
    if (!page || !spacer || !watched) return;
    let touched: Element | null = null;
    let touchedAt = -Infinity;
    // The anchor's distance from the viewport's top when last read (and which element it was).
    let anchorRead: Element | null = null;
    let top = 0;
    let held = 0;
    let lapse: ReturnType<typeof setTimeout> | undefined;

    const anchor = (): Element | null => {
      const focused = document.activeElement;
      if (typingIn(focused) && page.contains(focused)) return focused;
      if (touched?.isConnected && performance.now() - touchedAt < HOLD_MS) return touched;
      return null;
    };
    const read = () => {
      anchorRead = anchor();
      top = anchorRead ? anchorRead.getBoundingClientRect().top : 0;
    };
    const hold = (px: number) => {
      held = Math.max(0, px);
      spacer.style.height = held > 0 ? `${held}px` : '';
    };
    // Once nobody uses the page, the kept room goes: the page closes up while only read.
    const check = () => {
      if (anchor() !== null) return;
      if (held > 0) hold(0);
      read();
    };
    const engage = (event: Event) => {
      if (!(event.target instanceof Element)) return;
      touched = event.target;
      touchedAt = performance.now();
      read();
      clearTimeout(lapse);
      lapse = setTimeout(check, HOLD_MS + 50);
    };
    const follow = () => {
      const el = anchor();
      if (el === null || el !== anchorRead) return read();
      const moved = el.getBoundingClientRect().top - top;
      if (Math.abs(moved) < 0.5) return;
      // The spacer only helps when it is above the anchor.
      const spacerAbove = (spacer.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      let rest = moved;
      if (spacerAbove && held > 0 && rest > 0) {
        // Something came back above: give back the kept room first.
        const give = Math.min(held, rest);
        hold(held - give);
        rest -= give;
      }
      const y = window.scrollY + rest;
      if (y < 0 && spacerAbove) hold(held - y);
      window.scrollTo({ top: Math.max(0, y), behavior: 'instant' });
      read();
    };

    const options = { capture: true, passive: true } as const;
    const events = ['pointerdown', 'keydown', 'focusin', 'input', 'wheel', 'touchstart'] as const;
    for (const name of events) page.addEventListener(name, engage, options);
    // The focus has not left yet while `focusout` runs.
    const left = () => setTimeout(check, 0);
    page.addEventListener('focusout', left, options);
    // The person's own scrolling moves the anchor too: that is not a change to undo.
    window.addEventListener('scroll', read, { passive: true });
    const resized = new ResizeObserver(follow);
    resized.observe(watched);
    return () => {
      for (const name of events) page.removeEventListener(name, engage, options);
      page.removeEventListener('focusout', left, options);
      window.removeEventListener('scroll', read);
      resized.disconnect();
      clearTimeout(lapse);
      hold(0);
    };
  }, [pageRef, spacerRef, watchedRef]);
}
