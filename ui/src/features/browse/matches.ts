import { type RefObject, useCallback, useEffect, useState } from "react";

/** The search marks the backend put in a post's body, in document order. */
export const MARK_SELECTOR = "mark.search-hit";

/** The index after `current` when moving by `step` through `count` marks,
 * wrapping around at both ends. */
export function stepMatch(current: number, step: number, count: number): number {
  if (count <= 0) return 0;
  return (((current + step) % count) + count) % count;
}

/**
 * Next/previous through the search marks in the body under `ref`: the
 * current mark gets the class `current` and is scrolled into view; F3 and
 * Shift+F3 (or Enter and Shift+Enter on the match buttons) move. `html` is
 * the body shown (a new body starts at its first mark); `count` how many
 * marks the backend made.
 */
export function useMatchNavigation(ref: RefObject<HTMLElement | null>, html: string | null, count: number) {
  const [current, setCurrent] = useState(0);
  const [shownHtml, setShownHtml] = useState(html);
  if (shownHtml !== html) {
    setShownHtml(html);
    setCurrent(0);
  }
  const active = html != null && count > 0;

  useEffect(() => {
    const root = ref.current;
    if (!root || !active) return;
    const marks = root.querySelectorAll<HTMLElement>(MARK_SELECTOR);
    marks.forEach((m, i) => m.classList.toggle("current", i === current));
    marks[current]?.scrollIntoView({ block: "center" });
  }, [ref, active, html, current]);

  const next = useCallback(() => setCurrent((c) => stepMatch(c, 1, count)), [count]);
  const previous = useCallback(() => setCurrent((c) => stepMatch(c, -1, count)), [count]);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "F3") return;
      e.preventDefault();
      if (e.shiftKey) previous();
      else next();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [active, next, previous]);

  return { count: active ? count : 0, current, next, previous };
}
