import { useLayoutEffect, useRef, type DependencyList } from 'react';

/** Smallest `--fit` tried: by then every text is at a third of the projector's minimum. */
const LOWEST = 0.1;

/**
 * The lengths of the box's texts, in order: what a ballot or a vote changes of its layout (a count's
 * digits, « réponse » becoming « réponses », an average gaining a decimal). Digits are tabular in a
 * fitted box (styles.css), so a text of the same length takes the same width. A walk of the text
 * nodes, no layout: far cheaper than the fit itself (about 10 ms a step for a split poll at 1920×1080
 * in headless Chromium).
 */
function textShape(box: HTMLElement): string {
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  let shape = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    shape += `${node.nodeValue?.length ?? 0},`;
  return shape;
}

/**
 * The measured half of the projector's fit: sets `--fit` on the box (1 = the designed sizes) to
 * the largest value at which its content does not overflow it, before paint, after every change
 * of `deps`, whenever the box is resized, and (`followTexts`) whenever the lengths of its texts
 * change, not on every ballot: a count going from 12 to 13 leaves the layout as it was. The CSS
 * (`.projector-fit` in styles.css) turns `--fit` into sizes and keeps every text at or above the
 * projector's minimum until all of them are there. Eight halvings of the interval: nine style
 * recalculations and layouts of one box.
 */
export function useFitToBox<T extends HTMLElement>(
  deps: DependencyList,
  { followTexts = false }: { followTexts?: boolean } = {},
) {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const fits = () => box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1;
    const set = (fit: number) => box.style.setProperty('--fit', fit.toFixed(4));
    let shape = '';
    const fit = () => {
      if (followTexts) shape = textShape(box);
      set(1);
      if (fits()) return;
      let lo = LOWEST;
      let hi = 1;
      for (let i = 0; i < 8; i++) {
        const mid = (lo + hi) / 2;
        set(mid);
        if (fits()) lo = mid;
        else hi = mid;
      }
      set(lo);
    };
    fit();
    // Only a new screen size resizes the box (it is sized by the page, not by its content).
    let width = box.clientWidth;
    let height = box.clientHeight;
    const resized = new ResizeObserver(() => {
      if (box.clientWidth === width && box.clientHeight === height) return;
      width = box.clientWidth;
      height = box.clientHeight;
      fit();
    });
    resized.observe(box);
    // Mutations are delivered in a microtask after React's commit: before the paint.
    const retyped = followTexts
      ? new MutationObserver(() => {
          if (textShape(box) !== shape) fit();
        })
      : null;
    retyped?.observe(box, { subtree: true, childList: true, characterData: true });
    return () => {
      resized.disconnect();
      retyped?.disconnect();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what changes the content
  }, deps);
  return ref;
}
