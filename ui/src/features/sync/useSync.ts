import { useCallback, useEffect, useState } from "react";
import { api, events, type SyncFinishedEvent, type SyncProgressEvent, type SyncReport } from "../../api";

export type SyncState = {
  /** The sync running (its progress), else null. */
  running: SyncProgressEvent | null;
  /** The reports shown, newest last, until dismissed. */
  reports: SyncFinishedEvent[];
};

/** Whether a report is worth showing: the user asked for the sync, or it
 * changed something, left conflicts or failed files, or stopped on an
 * error. A sync the app ran by itself that found nothing new stays quiet. */
export function worthShowing(e: SyncFinishedEvent): boolean {
  if (!e.automatic || e.error) return true;
  const r = e.report;
  return r != null && (changedCount(r) > 0 || r.conflicts.length > 0 || r.failed.length > 0);
}

/** Posts a sync added, updated, merged, removed or moved. */
export function changedCount(r: SyncReport): number {
  return r.added + r.updated + r.merged + r.removed + r.moved;
}

/**
 * The sync job as the window sees it: progress of the site being synced,
 * the reports of the syncs that ended (one per site), start (sites by id,
 * none: every site) and cancel. `onFinished` runs after each site's sync
 * that changed the archive, whoever started it (the user, start-up, the
 * folder watcher).
 */
export function useSync(onFinished: () => void) {
  const [state, setState] = useState<SyncState>({ running: null, reports: [] });

  useEffect(() => {
    const progress = events.syncProgressEvent.listen((e) => setState((s) => ({ ...s, running: e.payload })));
    const finished = events.syncFinishedEvent.listen((e) => {
      const done = e.payload as SyncFinishedEvent;
      setState((s) => ({
        running: done.queued > 0 ? s.running : null,
        reports: worthShowing(done) ? [...s.reports.filter((r) => r.site_id !== done.site_id), done] : s.reports,
      }));
      onFinished();
    });
    // A sync that began before the window listened (at start-up).
    // A sync that began (or ended) before the window listened: at start-up.
    void api.syncStatus().then((st) => {
      const last = st.last as SyncFinishedEvent | null;
      setState((s) => ({
        running: s.running ?? (st.running ? { site_id: 0, site: "", done: 0, total: 0, queued: 0 } : null),
        reports: last && worthShowing(last) && !s.reports.some((r) => r.site_id === last.site_id) ? [...s.reports, last] : s.reports,
      }));
      if (last) onFinished();
    });
    return () => {
      void progress.then((un) => un());
      void finished.then((un) => un());
    };
  }, [onFinished]);

  const start = useCallback(async (ids: number[]) => {
    setState((s) => ({ ...s, running: s.running ?? { site_id: 0, site: "", done: 0, total: 0, queued: 0 } }));
    try {
      await api.startSync(ids);
    } catch (e) {
      const err = e as { code?: string; message: string };
      setState((s) => ({
        running: null,
        reports: [...s.reports, { site_id: 0, site: "", automatic: false, report: null, error: { code: err.code ?? "io", message: err.message }, queued: 0 }],
      }));
    }
  }, []);

  const cancel = useCallback(() => void api.cancelSync(), []);
  const dismiss = useCallback((siteId: number) => setState((s) => ({ ...s, reports: s.reports.filter((r) => r.site_id !== siteId) })), []);
  return { state, start, cancel, dismiss };
}
