import { useEffect, useReducer, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useTranslation } from "react-i18next";
import { api, type PostSummary } from "../../api";
import { type Filter, filterKey, toQuery } from "./filter";
import { PageCache } from "./pageCache";
import { splitIsoDate } from "./postDate";

const ROW_HEIGHT = 52;

type Props = {
  filter: Filter;
  /** Bumped when the archive changed (an import finished): reload. */
  version: number;
  selected: number | null;
  onSelect: (id: number) => void;
};

/**
 * The post list: virtualised rows, pages fetched from SQLite as they scroll
 * into view. Up/Down move the selection.
 */
export function PostList({ filter, version, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const [cache, setCache] = useState<PageCache<PostSummary> | null>(null);
  const parent = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState<number | null>(null);

  useEffect(() => {
    const c = new PageCache<PostSummary>((offset, limit) => api.listPosts(toQuery(filter, offset, limit)), redraw);
    c.ensure(0);
    setCache(c);
    setCursor(null);
    parent.current?.scrollTo({ top: 0 });
    return () => c.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filterKey(filter), version]);

  const count = cache?.total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
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
    const post = cache?.get(next);
    if (post) onSelect(post.id);
  };

  return (
    <div className="post-list-pane">
      <div className="list-header" data-testid="post-count">
        {cache?.total == null ? "…" : t("postsCount", { count })}
      </div>
      {cache?.total === 0 && <p className="empty">{t("noPosts")}</p>}
      <div
        ref={parent}
        className="post-list"
        tabIndex={0}
        role="listbox"
        aria-label="posts"
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
            const post = cache?.get(row.index);
            const date = splitIsoDate(post?.date);
            return (
              <div
                key={row.key}
                role="option"
                aria-selected={post != null && post.id === selected}
                className={`post-row ${post != null && post.id === selected ? "selected" : ""}`}
                style={{ position: "absolute", top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
                data-testid={post ? "post-row" : "post-row-loading"}
                onClick={() => {
                  if (!post) return;
                  setCursor(row.index);
                  onSelect(post.id);
                }}
              >
                {post ? (
                  <>
                    <div className="post-title">{post.title || t("untitled")}</div>
                    <div className="post-meta">
                      <span className="date">{date?.day ?? t("noDate")}</span>
                      {post.categories.length > 0 && <span className="cats">{post.categories.join(" · ")}</span>}
                    </div>
                  </>
                ) : (
                  <div className="post-title placeholder" />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
