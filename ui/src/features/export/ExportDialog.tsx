import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { open, save } from "@tauri-apps/plugin-dialog";
import { api, events, type ExportOptions, type ExportReport, type ExportTarget } from "../../api";
import { Modal } from "../../components/Modal";

type Props = {
  /** The current search or sidebar filter ("" = all posts). */
  query: string;
  /** Posts marked in the list, if any. */
  marked: number[];
  onClose: () => void;
  /** Opens a post (from a warning in the report). */
  onOpenPost: (id: number) => void;
};

type Scope = "all" | "query" | "marked";
type Phase = { kind: "form" } | { kind: "ask"; existing: string[] } | { kind: "running"; done: number; total: number } | { kind: "done"; report: ExportReport | null; error: string | null };

/**
 * Export: choose what (all posts, the current search or filter, or the
 * marked posts), how (Markdown or original bytes, folders by category or
 * year, skip or overwrite existing files) and where (a folder or a .zip);
 * then a progress bar with Cancel, and a report whose warnings link to
 * their posts.
 */
export function ExportDialog({ query, marked, onClose, onOpenPost }: Props) {
  const { t } = useTranslation();
  const [scope, setScope] = useState<Scope>(marked.length > 0 ? "marked" : query ? "query" : "all");
  const [options, setOptions] = useState<ExportOptions>({ format: "markdown", grouping: "flat", on_conflict: "skip" });
  // "ask": look for existing files first and let the person choose.
  const [ask, setAsk] = useState(true);
  const [target, setTarget] = useState<ExportTarget | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "form" });

  useEffect(() => {
    const progress = events.exportProgressEvent.listen((e) => setPhase({ kind: "running", ...e.payload }));
    const finished = events.exportFinishedEvent.listen((e) =>
      setPhase({ kind: "done", report: e.payload.report, error: e.payload.error?.message ?? null }),
    );
    return () => {
      void progress.then((un) => un());
      void finished.then((un) => un());
    };
  }, []);

  const chooseFolder = async () => {
    const dir = await open({ directory: true, multiple: false });
    if (typeof dir === "string") setTarget({ kind: "folder", path: dir });
  };
  const chooseZip = async () => {
    const file = await save({ defaultPath: "posts.zip", filters: [{ name: "Zip", extensions: ["zip"] }] });
    if (file) setTarget({ kind: "zip", path: file });
  };
  const q = scope === "query" ? query : "";
  const ids = scope === "marked" ? marked : null;
  const run = async (onConflict: ExportOptions["on_conflict"]) => {
    if (!target) return;
    setPhase({ kind: "running", done: 0, total: 0 });
    try {
      await api.startExport(q, ids, target, { ...options, on_conflict: onConflict });
    } catch (e) {
      setPhase({ kind: "done", report: null, error: (e as Error).message });
    }
  };
  const start = async () => {
    if (!target) return;
    if (ask) {
      try {
        const existing = await api.exportConflicts(q, ids, target, options);
        if (existing.length > 0) return setPhase({ kind: "ask", existing });
      } catch (e) {
        return setPhase({ kind: "done", report: null, error: (e as Error).message });
      }
    }
    await run(options.on_conflict);
  };

  return (
    <Modal label={t("exportTitle")} onEscape={phase.kind !== "running" && phase.kind !== "ask" ? onClose : null}>
      <div className="dialog export" data-testid="export-dialog">
        <h2>{t("exportTitle")}</h2>
        {phase.kind === "form" && (
          <div className="export-form">
            <fieldset>
              <legend>{t("exportWhat")}</legend>
              <label><input type="radio" checked={scope === "all"} onChange={() => setScope("all")} /> {t("allPosts")}</label>
              {query && <label><input type="radio" checked={scope === "query"} onChange={() => setScope("query")} /> {t("exportQuery", { query })}</label>}
              {marked.length > 0 && <label><input type="radio" checked={scope === "marked"} onChange={() => setScope("marked")} /> {t("exportMarked", { count: marked.length })}</label>}
            </fieldset>
            <fieldset>
              <legend>{t("exportFormat")}</legend>
              <label><input type="radio" checked={options.format === "markdown"} onChange={() => setOptions({ ...options, format: "markdown" })} /> {t("formatMarkdown")}</label>
              <label><input type="radio" checked={options.format === "original"} onChange={() => setOptions({ ...options, format: "original" })} /> {t("formatOriginal")}</label>
            </fieldset>
            <fieldset>
              <legend>{t("exportFolders")}</legend>
              <select aria-label={t("exportFolders")} value={options.grouping} onChange={(e) => setOptions({ ...options, grouping: e.target.value as ExportOptions["grouping"] })}>
                <option value="flat">_posts/</option>
                <option value="category">{t("byCategory")}</option>
                <option value="year">{t("byYear")}</option>
              </select>
              <select
                aria-label={t("existingFiles")}
                value={ask ? "ask" : options.on_conflict}
                onChange={(e) => {
                  const v = e.target.value;
                  setAsk(v === "ask");
                  if (v !== "ask") setOptions({ ...options, on_conflict: v as ExportOptions["on_conflict"] });
                }}
              >
                <option value="ask">{t("askExisting")}</option>
                <option value="skip">{t("skipExisting")}</option>
                <option value="overwrite">{t("overwriteExisting")}</option>
              </select>
            </fieldset>
            <fieldset>
              <legend>{t("exportWhere")}</legend>
              <button type="button" onClick={() => void chooseFolder()}>{t("chooseFolder")}</button>
              <button type="button" onClick={() => void chooseZip()}>{t("saveZip")}</button>
              <div className="target" data-testid="export-target">{target ? target.path : t("noTarget")}</div>
            </fieldset>
          </div>
        )}
        {phase.kind === "ask" && (
          <div data-testid="export-ask">
            <p>{t("existingCount", { count: phase.existing.length })}</p>
            <ul className="failures">
              {phase.existing.slice(0, 20).map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
            <div className="dialog-buttons">
              <button type="button" onClick={() => void run("skip")}>{t("skipThem")}</button>
              <button type="button" className="primary" onClick={() => void run("overwrite")}>{t("overwriteThem")}</button>
              <button type="button" onClick={() => setPhase({ kind: "form" })}>{t("cancel")}</button>
            </div>
          </div>
        )}
        {phase.kind === "running" && (
          <div className="export-progress">
            <progress max={phase.total || 1} value={phase.done} />
            <span>{t("exporting", { done: phase.done, total: phase.total })}</span>
          </div>
        )}
        {phase.kind === "done" && (
          <div data-testid="export-report">
            {phase.error && <div className="banner error" role="alert">{phase.error}</div>}
            {phase.report && (
              <>
                <dl className="counts">
                  <div className="count-item"><dt>{t("written")}</dt><dd data-testid="export-written">{phase.report.written}</dd></div>
                  <div className="count-item"><dt>{t("convertedHtml")}</dt><dd>{phase.report.converted}</dd></div>
                  <div className="count-item"><dt>{t("skippedExisting")}</dt><dd>{phase.report.skipped}</dd></div>
                </dl>
                {phase.report.cancelled && <p>{t("exportCancelled")}</p>}
                {phase.report.warnings.length > 0 && (
                  <ul className="failures">
                    {phase.report.warnings.slice(0, 200).map((w, i) => (
                      <li key={i}>
                        <button type="button" className="link" onClick={() => onOpenPost(w.id)}>{w.path}</button>
                        <span className="line">{w.warning}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </div>
        )}
        <div className="dialog-buttons">
          {phase.kind === "form" && (
            <button type="button" className="primary" disabled={!target} onClick={() => void start()} data-testid="export-start">{t("export")}</button>
          )}
          {phase.kind === "running" && <button type="button" onClick={() => void api.cancelExport()}>{t("cancel")}</button>}
          {phase.kind !== "running" && phase.kind !== "ask" && <button type="button" onClick={onClose} data-testid="export-close">{t("close")}</button>}
        </div>
      </div>
    </Modal>
  );
}
