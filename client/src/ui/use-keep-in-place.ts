import { useCallback, useEffect, useRef, type RefObject } from 'react';

/** How long after a touch, a key or a click the person counts as still using the page. */
export const HOLD_MS = 5_000;

/** How long after the last scroll event a scroll counts as settled. */
const SETTLE_SCROLL_MS = 150;

const NOT_TYPED = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file']);

/** A field the person types into: while it has the focus, they are using the page however long they think. */
function typingIn(el: Element | null): el is HTMLElement {
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return !NOT_TYPED.has(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

/**
 * Keeps what the person is using where it is on the screen while the page changes above it: the
 * field they type in, or what they last touched, pointed at, clicked or focused in the last
 * `HOLD_MS`. Returns whether the person is using the page now.
 *
 * The moderator's commands put cards at the top of the phone's room (a new poll, the question on
 * screen): a tap on its way to « Envoyer » or a ▲ then lands on whatever moved under it (measured at
 * 360 px: a poll's card moved « Envoyer » 560 → 1,029 px; the tap cast a ballot). Browsers' scroll
 * anchoring does not help at the top of the page (its anchor is then above the change) nor in
 * Safari. So the anchor's ancestors are watched (a ResizeObserver runs after layout, before paint:
 * nothing is seen to move), and when one changed size and the anchor moved, the page scrolls by as
 * much. What was removed above at the top of the page cannot be scrolled back: `spacer` (an empty
 * block above the changing content, outside the ancestors watched so that its own changes are not
 * observed again) keeps its room until the person has stopped using the page. Someone only reading
 * (nothing touched for `HOLD_MS`, no field focused) at the top of the page sees the page change as
 * it comes; scrolled down, what they read stays in place, as Chrome's and Firefox's scroll
 * anchoring keep it and Safari's absence of it did not (measured with Chromium's anchoring off: a
 * poll opening above the questions moved them down by 469 px at 360 px wide).
 */
export function useKeepInPlace(
  pageRef: RefObject<HTMLElement | null>,
  spacerRef: RefObject<HTMLElement | null>,
): () => boolean {
  const using = useRef<() => boolean>(() => false);
  useEffect(() => {
    const page = pageRef.current;
    const spacer = spacerRef.current;
    if (!page || !spacer) return;
    let touched: Element | null = null;
    let touchedAt = -Infinity;
    // The anchor's distance from the viewport's top when last read (and which element it was).
    let anchorRead: Element | null = null;
    let top = 0;
    let held = 0;
    let lapse: ReturnType<typeof setTimeout> | undefined;

    // What someone only reading has in view (scrolled down), chosen again once a scroll settles.
    let reading: Element | null = null;
    let settle: ReturnType<typeof setTimeout> | undefined;

    /** What the person uses: the field they type in, or what they touched in the last `HOLD_MS`. */
    const engaged = (): Element | null => {
      const focused = document.activeElement;
      if (typingIn(focused) && page.contains(focused)) return focused;
      if (touched?.isConnected && performance.now() - touchedAt < HOLD_MS) return touched;
      return null;
    };
    const anchor = (): Element | null => engaged() ?? (reading?.isConnected ? reading : null);
    const fixed = (el: Element): boolean => {
      for (let up: Element | null = el; up && up !== page; up = up.parentElement) {
        if (getComputedStyle(up).position === 'fixed') return true;
      }
      return false;
    };
    // The innermost element of the page at two fifths of the screen's height (not one in a fixed
    // layer, such as the « new above » pill, which moves with nothing), when the page is scrolled.
    const inView = (): Element | null => {
      if (window.scrollY <= 0) return null;
      const hits = document.elementsFromPoint(window.innerWidth / 2, window.innerHeight * 0.4);
      return (
        hits.find((el) => el !== page && page.contains(el) && !el.contains(spacer) && !fixed(el)) ?? null
      );
    };
    // The anchor moves only when something before it changes size, and that changes the size of
    // one of its ancestors: those are watched, up to the block that holds the spacer.
    const follow = () => {
      const el = anchor();
      if (el === null || el !== anchorRead) return read();
      const moved = el.getBoundingClientRect().top - top;
      if (Math.abs(moved) < 0.5) return;
      const spacerAbove = (spacer.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      let rest = moved;
      if (spacerAbove && held > 0 && rest > 0) {
        // Something came back above: give back the kept room first.
        const give = Math.min(held, rest);
        hold(held - give);
        rest -= give;
      }
      const y = window.scrollY + rest;
      // Room is kept only for someone using the page: it goes when they stop (see `release`).
      if (y < 0 && spacerAbove && el !== reading) hold(held - y);
      window.scrollTo({ top: Math.max(0, y), behavior: 'instant' });
      read();
    };
    // A change of the page's content is followed at once (a MutationObserver runs right after the
    // script that made it, before any click is dispatched on the new layout); a change of size
    // without one (a font, an image) after layout, before paint.
    const resized = new ResizeObserver(follow);
    const mutated = new MutationObserver(follow);
    const read = () => {
      const el = anchor();
      if (el !== anchorRead) {
        resized.disconnect();
        mutated.disconnect();
        let highest: Element | null = null;
        for (let up = el?.parentElement; up && up !== page && !up.contains(spacer); up = up.parentElement) {
          resized.observe(up);
          highest = up;
        }
        if (highest) {
          mutated.observe(highest, { subtree: true, childList: true, characterData: true, attributes: true });
        }
      }
      anchorRead = el;
      top = el ? el.getBoundingClientRect().top : 0;
    };
    const hold = (px: number) => {
      held = Math.max(0, px);
      spacer.style.height = held > 0 ? `${held}px` : '';
    };
    // Once nobody uses the page, the kept room goes: the page closes up while only read.
    const release = () => {
      if (engaged() !== null) return;
      if (held > 0) hold(0);
      reading = inView();
      read();
    };
    // One timer at a time: it looks again as long as the person went on.
    const tick = () => {
      lapse = undefined;
      const since = performance.now() - touchedAt;
      if (since < HOLD_MS) lapse = setTimeout(tick, HOLD_MS - since + 50);
      release();
    };
    using.current = () => engaged() !== null;
    // Called on every pointer move (60–120 a second on a desktop): the same element again only
    // renews the time; one timer (`tick`) runs while the person goes on.
    const engage = (event: Event) => {
      if (!(event.target instanceof Element)) return;
      touchedAt = performance.now();
      if (event.target !== touched || anchorRead === null) {
        touched = event.target;
        read();
      }
      lapse ??= setTimeout(tick, HOLD_MS + 50);
    };

    const options = { capture: true, passive: true } as const;
    // A mouse on its way to a button is using the page (on a phone, `pointermove` is a drag).
    const events = [
      'pointerdown',
      'pointermove',
      'keydown',
      'focusin',
      'input',
      'wheel',
      'touchstart',
    ] as const;
    for (const name of events) page.addEventListener(name, engage, options);
    // The focus has not left yet while `focusout` runs.
    const left = () => setTimeout(release, 0);
    page.addEventListener('focusout', left, options);
    // The person's own scrolling moves the anchor too: that is not a change to undo.
    // Choosing what is read costs a hit test and the styles of its ancestors, about 1 ms on a
    // phone (4× slower CPU): once the scroll settles, not at each of its frames. Meanwhile the
    // anchor chosen before is followed, its place read again at each frame.
    const scrolled = () => {
      read();
      clearTimeout(settle);
      settle = setTimeout(() => {
        settle = undefined;
        reading = engaged() === null ? inView() : null;
        read();
      }, SETTLE_SCROLL_MS);
    };
    window.addEventListener('scroll', scrolled, { passive: true });
    return () => {
      for (const name of events) page.removeEventListener(name, engage, options);
      page.removeEventListener('focusout', left, options);
      window.removeEventListener('scroll', scrolled);
      resized.disconnect();
      mutated.disconnect();
      clearTimeout(lapse);
      clearTimeout(settle);
      hold(0);
      using.current = () => false;
    };
  }, [pageRef, spacerRef]);
  return useCallback(() => using.current(), []);
}
