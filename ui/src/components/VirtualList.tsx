import { type ReactNode, useEffect, useRef, useState } from "react";
import { useQueries, useQueryClient } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { PAGE_SIZE, type Page, type PageQuery } from "../api/queries";

type Props<T> = {
  /** Rows over all pages (the caller reads page 0 for it; 0 while loading). */
  count: number;
  /** The query of page `page` (PAGE_SIZE rows from `page * PAGE_SIZE`):
   * run as its rows come into view, then served from the query cache. */
  pageQuery: (page: number) => PageQuery<T>;
  /** Changing it starts again from the top (another filter or search). */
  resetKey: string;
  rowHeight: number;
  renderRow: (item: T | undefined, selected: boolean) => ReactNode;
  isSelected: (item: T) => boolean;
  onActivate: (item: T) => void;
  /** Posts marked for a bulk edit (Ctrl/Cmd-click toggles, Shift-click adds a range). */
  isMarked?: (item: T) => boolean;
  onMark?: (items: T[], mode: "toggle" | "add") => void;
  label: string;
};

/**
 * A virtualised list over a paged source: only visible rows are rendered,
 * only the pages they need are fetched (one cached query per page, so a
 * jump to row 10,000 reads that page alone). ↑/↓ (or j/k) move the
 * selection; Ctrl/Cmd-click marks a row, Shift-click marks the range from
 * the last clicked row (loaded rows), for bulk edits.
 */
export function VirtualList<T>({ count, pageQuery, resetKey, rowHeight, renderRow, isSelected, isMarked, onMark, onActivate, label }: Props<T>) {
  const client = useQueryClient();
  const parent = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState<number | null>(null);

  useEffect(() => {
    setCursor(null);
    parent.current?.scrollTo({ top: 0 });
  }, [resetKey]);

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parent.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const pages = [...new Set(rows.map((row) => Math.floor(row.index / PAGE_SIZE)))];
  const results = useQueries({ queries: pages.map((page) => pageQuery(page)) });
  const shown = new Map(pages.map((page, i) => [page, results[i]?.data]));
  // Rows off screen (a Shift-click range, a key press) come from the cache.
  const get = (index: number): T | undefined => {
    const page = Math.floor(index / PAGE_SIZE);
    const data = shown.get(page) ?? client.getQueryData<Page<T>>(pageQuery(page).queryKey);
    return data?.items[index % PAGE_SIZE];
  };

  const move = (delta: number) => {
    if (count === 0) return;
    const next = Math.max(0, Math.min(count - 1, (cursor ?? -1) + delta));
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
    const item = get(next);
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
          const item = get(row.index);
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
                    const it = get(i);
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
