import { useLayoutEffect, useRef, type DependencyList } from 'react';

/** Smallest `--fit` tried: by then every text is at a third of the projector's minimum. */
const LOWEST = 0.1;

/**
 * The measured half of the projector's fit: sets `--fit` on the box (1 = the designed sizes) to
 * the largest value at which its content does not overflow it, before paint, after every change
 * of `deps` and whenever the box is resized. The CSS (`.projector-fit` in styles.css) turns
 * `--fit` into sizes and keeps every text at or above the projector's minimum until all of them
 * are there. Eight halvings of the interval: eight style recalculations of one box, well under a
 * millisecond each on the projector's page.
 */
export function useFitToBox<T extends HTMLElement>(deps: DependencyList) {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    const fits = () => box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1;
    const set = (fit: number) => box.style.setProperty('--fit', fit.toFixed(4));
    const fit = () => {
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
    const observer = new ResizeObserver(() => {
      if (box.clientWidth === width && box.clientHeight === height) return;
      width = box.clientWidth;
      height = box.clientHeight;
      fit();
    });
    observer.observe(box);
    return () => observer.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what changes the content
  }, deps);
  return ref;
}
