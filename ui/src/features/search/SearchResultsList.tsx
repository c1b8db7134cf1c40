import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { SearchHit, Sort } from "../../api";
import { searchPageQuery } from "../../api/queries";
import { VirtualList } from "../../components/VirtualList";
import { splitIsoDate } from "../browse/postDate";

type Props = {
  query: string;
  sort: Sort;
  selected: number | null;
  onSelect: (id: number) => void;
  /** Ids marked for a bulk edit. */
  marked?: ReadonlySet<number>;
  onMark?: (ids: number[], mode: "toggle" | "add") => void;
  /** Ids of posts a sync changed, not opened since (badged). */
  synced?: ReadonlySet<number>;
};

/**
 * Search results: the match count, then rows with the title, date and a
 * snippet whose matches are marked. The snippet HTML is built by the
 * backend from escaped text plus <mark> tags only.
 */
export function SearchResultsList({ query, sort, selected, onSelect, marked, onMark, synced }: Props) {
  const { t } = useTranslation();
  // Page 0 gives the count, the error and the unindexed note; the list
  // reads the same cached page.
  const first = useQuery(searchPageQuery(query, sort, 0));
  const total = first.data?.total ?? null;
  const error = first.error?.message ?? null;
  const unindexed = first.data?.unindexed ?? 0;
  return (
    <div className="post-list-pane">
      <div className="list-header" data-testid="search-count">
        {error ? <span className="error">{error}</span> : total == null ? "…" : t("matches", { count: total })}
        {unindexed > 0 && !error && (
          <span className="note" data-testid="search-unindexed">{t("searchUnindexed", { count: unindexed })}</span>
        )}
      </div>
      {total === 0 && !error && <p className="empty">{unindexed > 0 ? t("noMatchesYet") : t("noMatches")}</p>}
      <VirtualList<SearchHit>
        label="search results"
        count={total ?? 0}
        resetKey={`${query}#${sort}`}
        pageQuery={(page) => searchPageQuery(query, sort, page)}
        rowHeight={84}
        isSelected={(h) => h.id === selected}
        isMarked={(h) => marked?.has(h.id) ?? false}
        onMark={onMark && ((items, mode) => onMark(items.map((i) => i.id), mode))}
        onActivate={(h) => onSelect(h.id)}
        renderRow={(hit) =>
          hit ? (
            <>
              <div className="post-title">
                {synced?.has(hit.id) && <span className="badge synced" title={t("syncedBadgeTitle")} data-testid="synced-badge">{t("syncedBadge")}</span>}
                {hit.title || t("untitled")}
              </div>
              <div className="post-meta">
                <span className="date">{splitIsoDate(hit.date)?.day ?? t("noDate")}</span>
              </div>
              <div className="snippet" data-testid="snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
            </>
          ) : (
            <div className="post-title placeholder" />
          )
        }
      />
    </div>
  );
}
