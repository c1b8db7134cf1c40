import { useCallback, useEffect, useState } from "react";
import { api, events, type AppError, type ImportProgress, type ImportReport } from "../../api";

export type ImportState =
  | { phase: "idle" }
  | { phase: "running"; progress: ImportProgress | null }
  | { phase: "finished"; report: ImportReport | null; error: AppError | null };

/**
 * The import job as the UI sees it: start it with paths (from the picker or
 * a drop), follow its progress events, cancel it, read its report.
 * `onFinished` runs when any import ends, whoever started it.
 */
export function useImport(onFinished: () => void) {
  const [state, setState] = useState<ImportState>({ phase: "idle" });

  useEffect(() => {
    const progress = events.importProgressEvent.listen((e) => setState({ phase: "running", progress: e.payload }));
    const finished = events.importFinishedEvent.listen((e) => {
      setState({ phase: "finished", report: e.payload.report, error: e.payload.error });
      onFinished();
    });
    return () => {
      void progress.then((un) => un());
      void finished.then((un) => un());
    };
  }, [onFinished]);

  const start = useCallback(async (paths: string[]) => {
    if (paths.length === 0) return;
    setState({ phase: "running", progress: null });
    try {
      await api.startImport(paths);
    } catch (e) {
      const err = e as { code?: string; message: string };
      setState({ phase: "finished", report: null, error: { code: err.code ?? "io", message: err.message } });
    }
  }, []);

  const cancel = useCallback(() => void api.cancelImport(), []);
  const dismiss = useCallback(() => setState({ phase: "idle" }), []);
  return { state, start, cancel, dismiss };
}
