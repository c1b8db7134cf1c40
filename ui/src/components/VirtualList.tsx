import { type ReactNode, useEffect, useReducer, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type FetchPage, PageCache } from "../features/browse/pageCache";

type Props<T> = {
  /** Loads one page; called as rows scroll into view. */
  fetchPage: FetchPage<T>;
  /** Changing it drops the cache and starts again from the top. */
  resetKey: string;
  rowHeight: number;
  renderRow: (item: T | undefined, selected: boolean) => ReactNode;
  isSelected: (item: T) => boolean;
  onActivate: (item: T) => void;
  /** Posts marked for a bulk edit (Ctrl/Cmd-click toggles, Shift-click adds a range). */
  isMarked?: (item: T) => boolean;
  onMark?: (items: T[], mode: "toggle" | "add") => void;
  /** Told the total once the first page is in, and errors. */
  onTotal?: (total: number | null, error: unknown) => void;
  label: string;
};

/**
 * A virtualised list over a paged source: only visible rows are rendered,
 * only the pages they need are fetched. ↑/↓ (or j/k) move the selection;
 * Ctrl/Cmd-click marks a row, Shift-click marks the range from the last
 * clicked row (loaded rows), for bulk edits.
 */
export function VirtualList<T>({ fetchPage, resetKey, rowHeight, renderRow, isSelected, isMarked, onMark, onActivate, onTotal, label }: Props<T>) {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const [cache, setCache] = useState<PageCache<T> | null>(null);
  const parent = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  useEffect(() => {
    const c = new PageCache<T>((o, l) => fetchRef.current(o, l), redraw);
    c.ensure(0);
    setCache(c);
    setCursor(null);
    parent.current?.scrollTo({ top: 0 });
    return () => c.close();
  }, [resetKey]);

  useEffect(() => onTotal?.(cache?.total ?? null, cache?.error ?? null));

  const count = cache?.total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parent.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  useEffect(() => {
    for (const row of rows) cache?.ensure(row.index);
  });

  const move = (delta: number) => {
    if (count === 0) return;
    const next = Math.max(0, Math.min(count - 1, (cursor ?? -1) + delta));
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
    const item = cache?.get(next);
    if (item) onActivate(item);
  };

  return (
    <div
      ref={parent}
      className="post-list"
      tabIndex={0}
      role="listbox"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key === "ArrowDown" || e.key === "j") {
          e.preventDefault();
          move(1);
        } else if (e.key === "ArrowUp" || e.key === "k") {
          e.preventDefault();
          move(-1);
        }
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {rows.map((row) => {
          const item = cache?.get(row.index);
          const selected = item != null && isSelected(item);
          const marked = item != null && (isMarked?.(item) ?? false);
          return (
            <div
              key={row.key}
              role="option"
              aria-selected={selected}
              className={`post-row ${selected ? "selected" : ""} ${marked ? "marked" : ""}`}
              style={{ position: "absolute", top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${row.start}px)` }}
              data-testid={item ? "post-row" : "post-row-loading"}
              onClick={(e) => {
                if (!item) return;
                if (onMark && (e.ctrlKey || e.metaKey)) {
                  setCursor(row.index);
                  return onMark([item], "toggle");
                }
                if (onMark && e.shiftKey && cursor != null) {
                  const [from, to] = cursor < row.index ? [cursor, row.index] : [row.index, cursor];
                  const range: T[] = [];
                  for (let i = from; i <= to; i++) {
                    const it = cache?.get(i);
                    if (it) range.push(it);
                  }
                  return onMark(range, "add");
                }
                setCursor(row.index);
                onActivate(item);
              }}
            >
              {renderRow(item, selected)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
