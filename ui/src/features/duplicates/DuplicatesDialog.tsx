import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type DuplicateGroupView } from "../../api";
import { DiffView } from "../../components/DiffView";
import { Modal } from "../../components/Modal";

type Props = {
  onClose: () => void;
  /** After posts were deleted (the list and the toolbar Undo change). */
  onChanged: () => void;
  /** Opens a post. */
  onOpenPost: (id: number) => void;
};

/**
 * Possible duplicates: posts with the same title and day, or the same
 * source URL. Each group shows its posts side by side with the diff of the
 * first against the one chosen; "Keep this one" deletes the others (one
 * step, undone by the toolbar Undo), "Keep all" stops listing the group.
 */
export function DuplicatesDialog({ onClose, onChanged, onOpenPost }: Props) {
  const { t } = useTranslation();
  const [groups, setGroups] = useState<DuplicateGroupView[] | null>(null);
  const [index, setIndex] = useState(0);
  const [other, setOther] = useState(1);
  const [diff, setDiff] = useState("");
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setGroups(await api.duplicates());
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const group = groups?.[Math.min(index, (groups?.length ?? 1) - 1)] ?? null;
  const first = group?.members[0];
  const second = group?.members[Math.min(other, (group?.members.length ?? 2) - 1)];
  useEffect(() => {
    if (!first || !second || first.id === second.id) return setDiff("");
    api.duplicateDiff(first.id, second.id).then(setDiff).catch((e: Error) => setDiff(e.message));
  }, [first, second]);

  const keep = async (id: number) => {
    if (!group) return;
    try {
      await api.deletePosts(group.members.filter((m) => m.id !== id).map((m) => m.id));
      onChanged();
      setOther(1);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const keepAll = async () => {
    if (!group) return;
    try {
      await api.dismissDuplicates(group.key);
      setOther(1);
      await load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Modal label={t("duplicatesTitle")} onEscape={onClose}>
      <div className="dialog duplicates" data-testid="duplicates-dialog">
        <h2>{t("duplicatesTitle")}</h2>
        {error && <div className="banner error" role="alert">{error}</div>}
        {groups == null ? (
          <p>{t("loading")}</p>
        ) : groups.length === 0 ? (
          <p data-testid="no-duplicates">{t("noDuplicates")}</p>
        ) : (
          <div className="duplicates-body">
            <ul className="duplicate-groups" data-testid="duplicate-groups">
              {groups.map((g, i) => (
                <li key={g.key} className={g === group ? "selected" : ""}>
                  <button type="button" className="link" onClick={() => (setIndex(i), setOther(1))}>
                    {g.reason === "title_date" ? t("sameTitleDate") : t("sameSource")}: {g.value} ({g.members.length})
                  </button>
                </li>
              ))}
            </ul>
            {group && (
              <div className="duplicate-group" data-testid="duplicate-group">
                <div className="duplicate-members">
                  {group.members.map((m, i) => (
                    <div key={m.id} className={`duplicate-member ${i === 0 || i === other ? "compared" : ""}`}>
                      <button type="button" className="link title" onClick={() => onOpenPost(m.id)}>{m.title}</button>
                      <div className="line">{m.date ?? t("noDate")} · {m.size} B · {m.content_hash.slice(0, 8)}</div>
                      <div className="line path" title={m.source_path}>{m.source_path}</div>
                      <div className="dialog-buttons">
                        {i > 0 && i !== other && <button type="button" onClick={() => setOther(i)}>{t("compare")}</button>}
                        <button type="button" onClick={() => void keep(m.id)} data-testid="keep-this">{t("keepThis")}</button>
                      </div>
                    </div>
                  ))}
                </div>
                {first && second && first.content_hash === second.content_hash ? (
                  <p>{t("identicalFiles")}</p>
                ) : (
                  <DiffView diff={diff} testId="duplicate-diff" />
                )}
              </div>
            )}
          </div>
        )}
        <div className="dialog-buttons">
          {group && <button type="button" onClick={() => void keepAll()} data-testid="keep-all">{t("keepAll")}</button>}
          <button type="button" onClick={onClose} data-testid="duplicates-close">{t("close")}</button>
        </div>
      </div>
    </Modal>
  );
}
