import { useEffect, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api";
import { queryKeys } from "../../api/queries";
import { DiffView } from "../../components/DiffView";

/** Read again when the post is saved or restored (the archive's queries
 * are all invalidated then). */
type Props = { id: number; onRestored: () => void; onError: (message: string) => void };

/** A post's revisions, newest first; each shows its diff against the current text and can be restored. */
export function HistoryPanel({ id, onRestored, onError }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  const history = useQuery({ queryKey: queryKeys.history(id), queryFn: () => api.postHistory(id) });
  const revisions = history.data ?? [];
  // The diff shown stays until the next one arrives.
  const revisionDiff = useQuery({
    queryKey: queryKeys.revisionDiff(id, open ?? 0),
    queryFn: () => api.revisionDiff(id, open ?? 0),
    enabled: open != null,
    placeholderData: keepPreviousData,
  });
  const diff = open == null ? "" : (revisionDiff.data ?? "");
  const error = history.error ?? revisionDiff.error;
  useEffect(() => {
    if (error) onError(error.message);
  }, [error, onError]);

  if (revisions.length === 0) return <p className="history empty-history">{t("noRevisions")}</p>;
  return (
    <div className="history" data-testid="history">
      <ul>
        {revisions.map((r) => (
          <li key={r.id} className={open === r.id ? "selected" : ""}>
            <button type="button" className="link" onClick={() => setOpen(open === r.id ? null : r.id)}>
              {new Date(r.created_at).toLocaleString()} · {r.description}
            </button>
            {open === r.id && (
              <>
                <DiffView diff={diff} testId="revision-diff" />
                <button
                  type="button"
                  onClick={() =>
                    api
                      .restoreRevision(id, r.id)
                      .then(onRestored)
                      .catch((e: Error) => onError(e.message))
                  }
                >
                  {t("restoreRevision")}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
