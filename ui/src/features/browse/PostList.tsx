import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type PostSummary } from "../../api";
import { VirtualList } from "../../components/VirtualList";
import { type Filter, filterKey, toQuery } from "./filter";
import { splitIsoDate } from "./postDate";

type Props = {
  filter: Filter;
  /** Bumped when the archive changed (an import finished): reload. */
  version: number;
  selected: number | null;
  onSelect: (id: number) => void;
  /** Ids marked for a bulk edit. */
  marked?: Set<number>;
  onMark?: (ids: number[], mode: "toggle" | "add") => void;
};

/** The post list, newest first, paged from SQLite as it scrolls. */
export function PostList({ filter, version, selected, onSelect, marked, onMark }: Props) {
  const { t } = useTranslation();
  const [total, setTotal] = useState<number | null>(null);
  return (
    <div className="post-list-pane">
      <div className="list-header" data-testid="post-count">
        {total == null ? "…" : t("postsCount", { count: total })}
      </div>
      {total === 0 && <p className="empty">{t("noPosts")}</p>}
      <VirtualList<PostSummary>
        label="posts"
        resetKey={`${filterKey(filter)}#${version}`}
        fetchPage={(offset, limit) => api.listPosts(toQuery(filter, offset, limit))}
        rowHeight={52}
        isSelected={(p) => p.id === selected}
        isMarked={(p) => marked?.has(p.id) ?? false}
        onMark={onMark && ((items, mode) => onMark(items.map((i) => i.id), mode))}
        onActivate={(p) => onSelect(p.id)}
        onTotal={(n) => setTotal(n)}
        renderRow={(post) =>
          post ? (
            <>
              <div className="post-title">{post.title || t("untitled")}</div>
              <div className="post-meta">
                <span className="date">{splitIsoDate(post.date)?.day ?? t("noDate")}</span>
                {post.categories.length > 0 && <span className="cats">{post.categories.join(" · ")}</span>}
              </div>
            </>
          ) : (
            <div className="post-title placeholder" />
          )
        }
      />
    </div>
  );
}
