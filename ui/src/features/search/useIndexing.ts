import { useCallback, useEffect, useState } from "react";
import { api, events, type IndexProgress } from "../../api";

/**
 * The search indexing job as the UI sees it: running with its progress, or
 * idle, maybe after stopping on an error (posts left stay unindexed until a
 * retry or the next start).
 */
export type IndexingState =
  | { running: true; progress: IndexProgress | null }
  | { running: false; error: string | null };

/**
 * Follows the backend's search indexing job (it runs after each import, at
 * start-up and when another archive opens). `onFinished` runs when it ends,
 * so searches shown can be run again with every post indexed. `retry`
 * starts it again after an error; `dismiss` hides the error.
 */
export function useIndexing(onFinished: () => void) {
  const [state, setState] = useState<IndexingState>({ running: false, error: null });
  useEffect(() => {
    let live = true;
    // The job may have started before this window listened.
    api
      .indexStatus()
      .then((s) => live && s.running && setState((old) => (old.running ? old : { running: true, progress: null })))
      .catch(() => {});
    const progress = events.indexProgressEvent.listen((e) => setState({ running: true, progress: e.payload }));
    const finished = events.indexFinishedEvent.listen((e) => {
      setState({ running: false, error: e.payload.error?.message ?? null });
      onFinished();
    });
    return () => {
      live = false;
      void progress.then((un) => un());
      void finished.then((un) => un());
    };
  }, [onFinished]);
  const retry = useCallback(() => {
    setState({ running: true, progress: null });
    api.startIndexing().catch((e: Error) => setState({ running: false, error: e.message }));
  }, []);
  const dismiss = useCallback(() => setState({ running: false, error: null }), []);
  return { state, retry, dismiss };
}
