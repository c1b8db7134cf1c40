import { useTranslation } from "react-i18next";
import type { SyncFinishedEvent } from "../../api";
import type { SyncState } from "./useSync";

type Props = {
  state: SyncState;
  onCancel: () => void;
  onDismiss: (siteId: number) => void;
  onShowConflicts: () => void;
  /** Undoes a sync's operation (by id). */
  onUndo: (operationId: number) => void;
};

/** The running sync's bar with Cancel, then one report per site synced:
 * commits pulled, posts added, updated, merged, removed and moved,
 * conflicts (with a link to the Conflicts view), files that failed and
 * git's refusal, if any. Reports do not block the window. */
export function SyncStatus({ state, onCancel, onDismiss, onShowConflicts, onUndo }: Props) {
  const { t } = useTranslation();
  const p = state.running;
  return (
    <>
      {p && (
        <div className="import-bar" role="status" data-testid="sync-progress">
          <div className="import-text">
            {p.total > 0 ? t("syncing", { site: p.site, done: p.done, total: p.total }) : t("syncLooking", { site: p.site })}
            {p.queued > 0 && <span className="rate">{t("syncQueued", { count: p.queued })}</span>}
          </div>
          <progress max={p.total || 1} value={p.total ? p.done : undefined} />
          <button onClick={onCancel} data-testid="sync-cancel">{t("cancel")}</button>
        </div>
      )}
      {state.reports.map((r) => (
        <SyncReportBar key={r.site_id} event={r} onDismiss={() => onDismiss(r.site_id)} onShowConflicts={onShowConflicts} onUndo={onUndo} />
      ))}
    </>
  );
}

function SyncReportBar({ event, onDismiss, onShowConflicts, onUndo }: { event: SyncFinishedEvent; onDismiss: () => void; onShowConflicts: () => void; onUndo: (op: number) => void }) {
  const { t } = useTranslation();
  const r = event.report;
  const title = event.error
    ? t("syncFailed", { site: event.site })
    : r?.cancelled
      ? t("syncCancelled", { site: event.site })
      : t("syncDone", { site: event.site });
  return (
    <div className={`sync-report${event.error || r?.conflicts.length ? " warn" : ""}`} role="status" data-testid="sync-report">
      <strong>{title}</strong>
      {event.error && <span className="error">{event.error.message}</span>}
      {r && (
        <>
          <span data-testid="sync-pulled">
            {r.pulled ? t("syncPulled", { from: r.pulled.from.slice(0, 7), to: r.pulled.to.slice(0, 7) }) : t("syncNotPulled")}
          </span>
          <span className="sync-counts">
            <Count n={r.added} label={t("syncAdded")} id="added" />
            <Count n={r.updated} label={t("syncUpdated")} id="updated" />
            <Count n={r.merged} label={t("syncMerged")} id="merged" />
            <Count n={r.removed} label={t("syncRemoved")} id="removed" />
            <Count n={r.moved} label={t("syncMoved")} id="moved" />
            <Count n={r.conflicts.length} label={t("syncConflicts")} id="conflicts" />
            {r.failed.length > 0 && <Count n={r.failed.length} label={t("failed")} id="failed" />}
          </span>
          {r.git_error && <span className="error" data-testid="sync-git-error" title={r.git_error}>{t("syncGitError", { reason: r.git_error })}</span>}
          {r.failed.length > 0 && (
            <span className="error" title={r.failed.map((f) => `${f.path}${f.line != null ? `:${f.line}` : ""}: ${f.reason}`).join("\n")}>
              {r.failed[0].path}{r.failed[0].line != null ? `:${r.failed[0].line}` : ""}: {r.failed[0].reason}
            </span>
          )}
        </>
      )}
      <span className="sync-actions">
        {r && r.conflicts.length > 0 && (
          <button className="primary" onClick={onShowConflicts} data-testid="sync-show-conflicts">{t("showConflicts")}</button>
        )}
        {r?.operation_id != null && (
          <button onClick={() => (onUndo(r.operation_id!), onDismiss())} data-testid="sync-undo">{t("undoSync")}</button>
        )}
        <button onClick={onDismiss} data-testid="sync-dismiss" aria-label={t("close")}>×</button>
      </span>
    </div>
  );
}

function Count({ n, label, id }: { n: number; label: string; id: string }) {
  return (
    <span className={`sync-count${n > 0 ? " some" : ""}`}>
      {label} <b data-testid={`sync-${id}`}>{n}</b>
    </span>
  );
}
