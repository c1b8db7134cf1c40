import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type BulkReport, type NameEdit, type NameKind } from "../../api";
import { namesQuery } from "../../api/queries";
import { Modal } from "../../components/Modal";
import { BulkReportView } from "../edit/BulkReportView";

type Props = {
  onClose: () => void;
  /** After a change or its undo: the window reads the archive again. */
  onDone: () => void;
};

type SortBy = "count" | "name";

/**
 * Every tag or category with its post count, sortable and filtered by a
 * box; rename or merge the names ticked into one, or delete them, in every
 * post that has them. A change is first previewed (which posts, which
 * lines), then applied as one undoable operation through the bulk engine.
 * Categories a post takes from its folder (Jekyll's path categories) or the
 * site's defaults are not in its front matter: they are counted but stay.
 */
export function NamesDialog({ onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<NameKind>("tag");
  const names = useQuery(namesQuery(kind));
  const [sortBy, setSortBy] = useState<SortBy>("count");
  const [text, setText] = useState("");
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [target, setTarget] = useState("");
  const [pending, setPending] = useState<NameEdit | null>(null);
  const [report, setReport] = useState<BulkReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const list = (names.data ?? []).filter((n) => !needle || n.name.toLowerCase().includes(needle));
    return sortBy === "name" ? [...list].sort((a, b) => a.name.localeCompare(b.name)) : list;
  }, [names.data, text, sortBy]);
  const fixed = (names.data ?? []).filter((n) => picked.has(n.name)).reduce((s, n) => s + n.fixed, 0);

  const reset = () => (setPending(null), setReport(null), setError(null));
  const switchKind = (k: NameKind) => (setKind(k), setPicked(new Set()), setTarget(""), reset());
  const toggle = (name: string) => {
    const next = new Set(picked);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setPicked(next);
    reset();
  };
  const run = async (edit: NameEdit, dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.editNames(kind, edit, dryRun);
      setReport(r);
      setPending(dryRun ? edit : null);
      if (!dryRun) {
        setPicked(new Set());
        onDone();
      }
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
      reset();
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const from = [...picked];
  const mergeEdit: NameEdit | null = from.length > 0 && target.trim() ? { edit: "merge", from, to: target.trim() } : null;
  const deleteEdit: NameEdit | null = from.length > 0 ? { edit: "delete", names: from } : null;

  return (
    <Modal label={t("namesTitle")} onEscape={busy ? null : onClose}>
      <div className="dialog names" data-testid="names-dialog">
        <h2>{t("namesTitle")}</h2>
        <div className="tabs" role="tablist">
          {(["tag", "category"] as const).map((k) => (
            <button key={k} type="button" role="tab" aria-selected={kind === k} onClick={() => switchKind(k)} data-testid={`names-kind-${k}`}>
              {t(k === "tag" ? "tags" : "categories")}
            </button>
          ))}
        </div>
        <div className="names-bar">
          <input type="search" placeholder={t("namesFilter")} aria-label={t("namesFilter")} value={text} onChange={(e) => setText(e.target.value)} data-testid="names-filter" />
          <label>
            {t("namesSort")}{" "}
            <select value={sortBy} onChange={(e) => setSortBy(e.target.value as SortBy)} data-testid="names-sort">
              <option value="count">{t("namesSortCount")}</option>
              <option value="name">{t("namesSortName")}</option>
            </select>
          </label>
        </div>
        <div className="names-table-wrap">
          <table className="names-table" data-testid="names-table">
            <thead>
              <tr>
                <th />
                <th>
                  <button type="button" className="link" onClick={() => setSortBy("name")} aria-sort={sortBy === "name" ? "ascending" : "none"}>{t("namesName")}</button>
                </th>
                <th className="num">
                  <button type="button" className="link" onClick={() => setSortBy("count")} aria-sort={sortBy === "count" ? "descending" : "none"}>{t("namesPosts")}</button>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((n) => (
                <tr key={n.name} className={picked.has(n.name) ? "picked" : undefined} data-testid="names-row" data-name={n.name}>
                  <td>
                    <input type="checkbox" checked={picked.has(n.name)} onChange={() => toggle(n.name)} aria-label={n.name} data-testid="names-pick" />
                  </td>
                  <td>
                    {n.name}
                    {n.fixed > 0 && (
                      <span className="chip" title={t("namesFixedTitle")}>
                        {t("namesFixed", { count: n.fixed })}
                      </span>
                    )}
                  </td>
                  <td className="num">{n.posts}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="empty">{names.isFetching ? "…" : t("namesNone")}</p>}
        </div>
        <div className="names-form">
          <span className="muted" data-testid="names-picked">{t("namesPicked", { count: picked.size })}</span>
          <input
            placeholder={picked.size > 1 ? t("namesMergeInto") : t("namesRenameTo")}
            aria-label={t("namesRenameTo")}
            value={target}
            onChange={(e) => (setTarget(e.target.value), reset())}
            data-testid="names-target"
          />
          <button type="button" onClick={() => mergeEdit && void run(mergeEdit, true)} disabled={!mergeEdit || busy} data-testid="names-merge">
            {picked.size > 1 ? t("namesMerge") : t("namesRename")}
          </button>
          <button type="button" onClick={() => deleteEdit && void run(deleteEdit, true)} disabled={!deleteEdit || busy} data-testid="names-delete">
            {t("namesDelete")}
          </button>
        </div>
        {fixed > 0 && <p className="note" data-testid="names-fixed-note">{t("namesFixedNote", { count: fixed })}</p>}
        {error && <div className="banner error" role="alert">{error}</div>}
        {report && <BulkReportView report={report} testId="names-report" />}
        <div className="dialog-buttons">
          {busy && <span className="muted">{t("working")}</span>}
          <button type="button" className="primary" onClick={() => pending && void run(pending, false)} disabled={!pending || busy || !report?.dry_run || report.changed === 0} data-testid="names-apply">
            {t("apply")}
          </button>
          {report && !report.dry_run && report.operation_id != null && (
            <button type="button" onClick={() => void undo()} disabled={busy} data-testid="names-undo">
              {t("undo")}
            </button>
          )}
          <button type="button" onClick={onClose} data-testid="names-close">
            {t("close")}
          </button>
        </div>
      </div>
    </Modal>
  );
}
