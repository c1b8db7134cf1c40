import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type SearchHit, type Sort } from "../../api";
import { VirtualList } from "../../components/VirtualList";
import { splitIsoDate } from "../browse/postDate";

type Props = {
  query: string;
  sort: Sort;
  version: number;
  selected: number | null;
  onSelect: (id: number) => void;
  /** Ids marked for a bulk edit. */
  marked?: Set<number>;
  onMark?: (ids: number[], mode: "toggle" | "add") => void;
};

/**
 * Search results: the match count, then rows with the title, date and a
 * snippet whose matches are marked. The snippet HTML is built by the
 * backend from escaped text plus <mark> tags only.
 */
export function SearchResultsList({ query, sort, version, selected, onSelect, marked, onMark }: Props) {
  const { t } = useTranslation();
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [unindexed, setUnindexed] = useState(0);
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
        resetKey={`${query}#${sort}#${version}`}
        fetchPage={(offset, limit) =>
          api.search(query, sort, Math.min(limit, 50), offset).then((r) => {
            setUnindexed(r.unindexed);
            return { total: r.total, items: r.results };
          })
        }
        rowHeight={84}
        isSelected={(h) => h.id === selected}
        isMarked={(h) => marked?.has(h.id) ?? false}
        onMark={onMark && ((items, mode) => onMark(items.map((i) => i.id), mode))}
        onActivate={(h) => onSelect(h.id)}
        onTotal={(n, e) => {
          setTotal(n);
          setError(e ? (e as Error).message : null);
        }}
        renderRow={(hit) =>
          hit ? (
            <>
              <div className="post-title">{hit.title || t("untitled")}</div>
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
