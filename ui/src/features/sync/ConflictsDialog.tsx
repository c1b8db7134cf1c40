import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Conflict, type ResolveChoice } from "../../api";
import { conflictsQuery, invalidateArchive, queryKeys } from "../../api/queries";
import { CodeEditor } from "../../components/CodeEditor";
import { DiffView } from "../../components/DiffView";
import { Modal } from "../../components/Modal";

/** Whether a merge still holds conflict markers (a line starting with
 * `<<<<<<<`, `|||||||`, `=======` or `>>>>>>>`). */
export function hasMarkers(text: string): boolean {
  return /^(<{7}|\|{7}|={7}|>{7})( |$)/m.test(text);
}

type Props = {
  onClose: () => void;
  onOpenPost: (id: number) => void;
};

/**
 * The Conflicts view: every post a sync could not merge, and for the one
 * chosen a three-way view (the upstream changes and Gazette's, each as a
 * diff from the common base, and the base itself), with Keep mine, Take
 * theirs (Delete post, when the file was deleted upstream) and Edit merge
 * (an editor on the merge with conflict markers; Save merge). Each
 * resolution is one operation the toolbar's Undo reverts.
 */
export function ConflictsDialog({ onClose, onOpenPost }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useQuery(conflictsQuery);
  const conflicts: Conflict[] = list.data ?? [];
  const [chosen, setChosen] = useState<number | null>(null);
  const current = conflicts.find((c) => c.id === chosen) ?? conflicts[0] ?? null;
  const sides = useQuery({
    queryKey: queryKeys.conflictSides(current?.id ?? 0),
    queryFn: () => api.conflictSides(current!.id),
    enabled: current != null,
  });
  const [merging, setMerging] = useState<{ id: number; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const resolve = async (choice: ResolveChoice) => {
    if (!current) return;
    if (choice.take === "merged" && hasMarkers(choice.text)) {
      setError(t("conflictMarkersLeft"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.resolveConflict(current.id, choice);
      setMerging(null);
      setChosen(null);
      await invalidateArchive(client);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const s = sides.data ?? null;
  const deleted = current?.kind === "edit/delete";
  const editing = merging && merging.id === current?.id ? merging : null;
  return (
    <Modal label={t("conflictsTitle")} onEscape={editing ? null : onClose}>
      <div className="dialog wide conflicts" data-testid="conflicts-dialog">
        <h2>{t("conflictsTitle")}</h2>
        {list.error && <p className="error" role="alert">{list.error.message}</p>}
        {conflicts.length === 0 && !list.isLoading && <p className="empty" data-testid="no-conflicts">{t("noConflicts")}</p>}
        {conflicts.length > 0 && (
          <div className="conflicts-body">
            <ul className="conflict-list" role="listbox" aria-label={t("conflictsTitle")}>
              {conflicts.map((c) => (
                <li key={c.id}>
                  <button
                    role="option"
                    aria-selected={c.id === current?.id}
                    className={c.id === current?.id ? "selected" : ""}
                    onClick={() => setChosen(c.id)}
                    data-testid="conflict-item"
                  >
                    <span className="conflict-path" title={c.path}>{c.path}</span>
                    <span className="menu-note">{c.site} · {c.kind === "edit/delete" ? t("conflictEditDelete") : t("conflictEditEdit")}</span>
                  </button>
                </li>
              ))}
            </ul>
            <div className="conflict-view">
              {current && (
                <div className="conflict-head">
                  <button className="link" onClick={() => onOpenPost(current.id)} data-testid="conflict-open-post">{current.path}</button>
                  <span className="chip warn">{deleted ? t("conflictEditDelete") : t("conflictEditEdit")}</span>
                </div>
              )}
              {sides.error && <p className="error" role="alert">{sides.error.message}</p>}
              {s && !editing && (
                <div className="three-way">
                  <section>
                    <h3>{t("conflictTheirs")}</h3>
                    {deleted ? <p className="note">{t("conflictDeletedUpstream")}</p> : s.theirs_diff ? <DiffView diff={s.theirs_diff} testId="conflict-theirs" /> : <pre className="diff" data-testid="conflict-theirs">{s.theirs}</pre>}
                  </section>
                  <section>
                    <h3>{t("conflictOurs")}</h3>
                    {s.ours_diff ? <DiffView diff={s.ours_diff} testId="conflict-ours" /> : <pre className="diff" data-testid="conflict-ours">{s.ours}</pre>}
                  </section>
                  <section>
                    <h3>{t("conflictBase")}</h3>
                    <pre className="diff" data-testid="conflict-base">{s.base ?? t("conflictNoBase")}</pre>
                  </section>
                </div>
              )}
              {editing && (
                <CodeEditor
                  key={editing.id}
                  value={editing.text}
                  language="text"
                  label={t("conflictMerge")}
                  onChange={(text) => setMerging({ id: editing.id, text })}
                  testId="conflict-merge-editor"
                />
              )}
              {error && <p className="error" role="alert" data-testid="conflict-error">{error}</p>}
              {s && (
                <div className="dialog-buttons">
                  {editing ? (
                    <>
                      <button onClick={() => setMerging(null)} disabled={busy}>{t("cancel")}</button>
                      <button className="primary" onClick={() => void resolve({ take: "merged", text: editing.text })} disabled={busy} data-testid="conflict-save-merge">
                        {t("conflictSaveMerge")}
                      </button>
                    </>
                  ) : (
                    <>
                      <button onClick={() => void resolve({ take: "ours" })} disabled={busy} data-testid="conflict-keep-mine">{t("conflictKeepMine")}</button>
                      <button onClick={() => void resolve({ take: "theirs" })} disabled={busy} data-testid="conflict-take-theirs">
                        {deleted ? t("conflictDeletePost") : t("conflictTakeTheirs")}
                      </button>
                      {!deleted && (
                        <button className="primary" onClick={() => current && setMerging({ id: current.id, text: s.merged })} disabled={busy} data-testid="conflict-edit-merge">
                          {t("conflictEditMerge")}
                        </button>
                      )}
                    </>
                  )}
                </div>
              )}
            </div>
          </div>
        )}
        <div className="dialog-buttons">
          <button onClick={onClose} data-testid="conflicts-close">{t("close")}</button>
        </div>
      </div>
    </Modal>
  );
}
