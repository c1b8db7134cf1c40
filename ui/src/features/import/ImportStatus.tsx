import { useTranslation } from "react-i18next";
import { revealItemInDir } from "@tauri-apps/plugin-opener";
import type { ImportState } from "./useImport";

type Props = {
  state: ImportState;
  onCancel: () => void;
  onDismiss: () => void;
  onUndo?: () => void;
  /** Opens the Duplicates view (the report offers it when the import flagged some). */
  onShowDuplicates?: () => void;
};

/** The running import's progress bar with Cancel, then its report. */
export function ImportStatus({ state, onCancel, onDismiss, onUndo, onShowDuplicates }: Props) {
  const { t } = useTranslation();
  if (state.phase === "idle") return null;
  if (state.phase === "running") {
    const p = state.progress;
    return (
      <div className="import-bar" role="status" data-testid="import-progress">
        <div className="import-text">
          {p ? t("importing", { done: p.done, total: p.total }) : t("preparing")}
          {p && p.done > 0 && <span className="rate" data-testid="import-rate">{t("filesPerSecond", { rate: Math.round(p.per_second ?? 0) })}</span>}
          {p && <span className="current" title={p.current}>{p.current}</span>}
        </div>
        <progress max={p?.total || 1} value={p?.done ?? 0} />
        <button onClick={onCancel}>{t("cancel")}</button>
      </div>
    );
  }
  const { report, error } = state;
  const title = error ? t("importFailed") : report?.cancelled ? t("importCancelled") : t("importDone");
  return (
    <div className="dialog-backdrop" onClick={onDismiss}>
      <div className="dialog" role="dialog" aria-label={title} data-testid="import-report" onClick={(e) => e.stopPropagation()}>
        <h2>{title}</h2>
        {error && <p className="error" role="alert">{error.message}</p>}
        {report && (
          <>
            <dl className="counts">
              <Count label={t("imported")} n={report.imported} id="imported" />
              <Count label={t("updated")} n={report.updated} id="updated" />
              <Count label={t("unchanged")} n={report.unchanged} id="unchanged" />
              <Count label={t("failed")} n={report.failed.length} id="failed" />
              <Count label={t("skipped")} n={report.skipped} id="skipped" />
            </dl>
            {report.duplicates > 0 && (
              <p className="note" data-testid="report-duplicates">
                {t("duplicatesNote", { count: report.duplicates })}{" "}
                {onShowDuplicates && (
                  <button className="link" data-testid="report-show-duplicates" onClick={onShowDuplicates}>
                    {t("showDuplicates")}
                  </button>
                )}
              </p>
            )}
            {report.identical > 0 && (
              <p className="note" data-testid="report-identical">{t("identicalNote", { count: report.identical })}</p>
            )}
            {report.failed.length > 0 && (
              <ul className="failures">
                {report.failed.map((f, i) => (
                  <li key={i}>
                    <button className="link" title={t("showInFolder")} onClick={() => void revealItemInDir(f.path)}>
                      {f.path}
                    </button>
                    {f.line != null && <span className="line">{t("line", { line: f.line })}</span>}
                    <div className="reason">{f.reason}</div>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        <button autoFocus onClick={onDismiss}>{t("close")}</button>
        {onUndo && report && report.imported + report.updated > 0 && (
          <button onClick={onUndo} data-testid="undo-import">{t("undoImport")}</button>
        )}
      </div>
    </div>
  );
}

function Count({ label, n, id }: { label: string; n: number; id: string }) {
  return (
    <div className="count-item">
      <dt>{label}</dt>
      <dd data-testid={`report-${id}`}>{n}</dd>
    </div>
  );
}
