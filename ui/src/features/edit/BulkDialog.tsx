import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type BulkAction, type BulkReport } from "../../api";
import { Modal } from "../../components/Modal";
import { BulkReportView } from "./BulkReportView";

type Kind = BulkAction["action"] | "replace_title" | "replace_body";
const KINDS: Kind[] = ["add_tag", "remove_tag", "rename_tag", "add_category", "set_category", "rename_category", "set", "unset", "replace_title", "replace_body"];

type Props = {
  /** The search selecting the posts ("" = all). */
  query: string;
  /** Posts marked in the list; when given, only these change. */
  ids: number[] | null;
  onClose: () => void;
  onDone: () => void;
};

/** The action from the form, or null while it is incomplete. */
function actionOf(kind: Kind, a: string, b: string, regex: boolean): BulkAction | null {
  if (!a.trim()) return null;
  switch (kind) {
    case "add_tag":
    case "remove_tag":
      return { action: kind, tag: a.trim() };
    case "add_category":
    case "set_category":
      return { action: kind, category: a.trim() };
    case "rename_tag":
    case "rename_category":
      return b.trim() ? { action: kind, from: a.trim(), to: b.trim() } : null;
    case "set":
      return { action: "set", key: a.trim(), yaml: b };
    case "unset":
      return { action: "unset", key: a.trim() };
    case "replace_title":
    case "replace_body":
      return { action: "replace", find: a, replace: b, regex, scope: kind === "replace_title" ? "title" : "body" };
    default:
      return null;
  }
}

/**
 * Bulk edit of every post the current search or filter selects: choose a
 * change, preview which posts and lines it changes (a dry run), apply it as
 * one undoable operation, and undo it from here or the toolbar.
 */
export function BulkDialog({ query, ids, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>("add_tag");
  const [a, setA] = useState("");
  const [b, setB] = useState("");
  const [regex, setRegex] = useState(false);
  const [report, setReport] = useState<BulkReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const action = actionOf(kind, a, b, regex);
  const twoFields = kind.startsWith("rename") || kind === "set" || kind.startsWith("replace");

  const run = async (dryRun: boolean) => {
    if (!action) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.bulkEdit(query, ids, action, dryRun);
      setReport(r);
      if (!dryRun) onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const undo = async () => {
    if (report?.operation_id == null) return;
    setBusy(true);
    try {
      await api.undo(report.operation_id);
      setReport(null);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal label={t("bulkEdit")} onEscape={onClose}>
      <div className="dialog bulk" data-testid="bulk-dialog">
        <h2>{t("bulkEdit")}</h2>
        <p className="muted">{ids ? t("bulkScopeMarked", { count: ids.length }) : t("bulkScope", { query: query || t("allPosts") })}</p>
        <div className="bulk-form">
          <select aria-label={t("bulkAction")} value={kind} onChange={(e) => (setKind(e.target.value as Kind), setReport(null))} data-testid="bulk-kind">
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`bulk_${k}`)}
              </option>
            ))}
          </select>
          <input aria-label={t("bulkFirst")} placeholder={t(`bulkA_${kind}`)} value={a} onChange={(e) => (setA(e.target.value), setReport(null))} data-testid="bulk-a" />
          {twoFields && <input aria-label={t("bulkSecond")} placeholder={t(`bulkB_${kind}`)} value={b} onChange={(e) => (setB(e.target.value), setReport(null))} data-testid="bulk-b" />}
          {kind.startsWith("replace") && (
            <label className="check">
              <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} /> {t("regex")}
            </label>
          )}
        </div>
        {error && <div className="banner error" role="alert">{error}</div>}
        {report && <BulkReportView report={report} testId="bulk-report" />}
        <div className="dialog-buttons">
          {busy && <span className="muted">{t("working")}</span>}
          <button type="button" onClick={() => void run(true)} disabled={!action || busy} data-testid="bulk-preview">
            {t("previewChanges")}
          </button>
          <button type="button" className="primary" onClick={() => void run(false)} disabled={!action || busy || !report?.dry_run || report.changed === 0} data-testid="bulk-apply">
            {t("apply")}
          </button>
          {report && !report.dry_run && report.operation_id != null && (
            <button type="button" onClick={() => void undo()} disabled={busy} data-testid="bulk-undo">
              {t("undo")}
            </button>
          )}
          <button type="button" onClick={onClose} data-testid="bulk-close">
            {t("close")}
          </button>
        </div>
      </div>
    </Modal>
  );
}
