import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Revision } from "../../api";
import { DiffView } from "../../components/DiffView";

type Props = { id: number; version: number; onRestored: () => void; onError: (message: string) => void };

/** A post's revisions, newest first; each shows its diff against the current text and can be restored. */
export function HistoryPanel({ id, version, onRestored, onError }: Props) {
  const { t } = useTranslation();
  const [revisions, setRevisions] = useState<Revision[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const [diff, setDiff] = useState("");

  useEffect(() => {
    api.postHistory(id).then(setRevisions).catch((e: Error) => onError(e.message));
  }, [id, version, onError]);
  useEffect(() => {
    if (open == null) return setDiff("");
    api.revisionDiff(id, open).then(setDiff).catch((e: Error) => onError(e.message));
  }, [id, open, version, onError]);

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
