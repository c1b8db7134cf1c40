import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type PostSummary } from "../../api";
import { PAGE_SIZE, queryKeys } from "../../api/queries";
import { VirtualList } from "../../components/VirtualList";
import { type Filter, filterKey, toQuery } from "./filter";
import { splitIsoDate } from "./postDate";
import { postBadge } from "../compose/newPost";
import type { DateRange } from "../timeline/range";

const listKey = (filter: Filter, range: DateRange | null) => (range ? `${filterKey(filter)}@${range.from}..${range.to}` : filterKey(filter));

/** Page `page` of the post list under a sidebar filter (and the timeline's
 * range), newest first. */
export const postPageQuery = (filter: Filter, page: number, range: DateRange | null = null) => ({
  queryKey: queryKeys.postPage(listKey(filter, range), page),
  queryFn: () => api.listPosts(toQuery(filter, page * PAGE_SIZE, PAGE_SIZE, range)),
});

type Props = {
  filter: Filter;
  /** The timeline's range of months, if one is picked. */
  range?: DateRange | null;
  selected: number | null;
  onSelect: (id: number) => void;
  /** Ids marked for a bulk edit. */
  marked?: ReadonlySet<number>;
  onMark?: (ids: number[], mode: "toggle" | "add") => void;
  /** Ids of posts a sync changed, not opened since (badged). */
  synced?: ReadonlySet<number>;
};

/** The post list, newest first, paged from SQLite as it scrolls. */
export function PostList({ filter, range = null, selected, onSelect, marked, onMark, synced }: Props) {
  const { t } = useTranslation();
  // Page 0 gives the count; the list reads the same cached page.
  const total = useQuery(postPageQuery(filter, 0, range)).data?.total ?? null;
  return (
    <div className="post-list-pane">
      <div className="list-header" data-testid="post-count">
        {total == null ? "…" : t("postsCount", { count: total })}
      </div>
      {total === 0 && <p className="empty">{t("noPosts")}</p>}
      <VirtualList<PostSummary>
        label="posts"
        count={total ?? 0}
        resetKey={listKey(filter, range)}
        pageQuery={(page) => postPageQuery(filter, page, range)}
        rowHeight={52}
        isSelected={(p) => p.id === selected}
        isMarked={(p) => marked?.has(p.id) ?? false}
        onMark={onMark && ((items, mode) => onMark(items.map((i) => i.id), mode))}
        onActivate={(p) => onSelect(p.id)}
        renderRow={(post) =>
          post ? (
            <>
              <div className="post-title">
                {synced?.has(post.id) && <span className="badge synced" title={t("syncedBadgeTitle")} data-testid="synced-badge">{t("syncedBadge")}</span>}
                {post.title || t("untitled")}
              </div>
              <div className="post-meta">
                <span className="date">{splitIsoDate(post.date)?.day ?? t("noDate")}</span>
                {postBadge(post, new Date()) && (
                  <span className="chip warn" data-testid="post-badge">{t(postBadge(post, new Date()) as string)}</span>
                )}
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
