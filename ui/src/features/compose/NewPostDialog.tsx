import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Site } from "../../api";
import { archiveSettingsQuery, queryKeys } from "../../api/queries";
import { TokenInput } from "../edit/TokenInput";
import { preselectedSite } from "../settings/defaultSite";
import { type NewPostForm, dateToSend, emptyForm, escapeAction, extraFields, previewText } from "./newPost";
import { Modal } from "../../components/Modal";

type Props = {
  categories: string[];
  tags: string[];
  layouts?: string[];
  onClose: () => void;
  /** The post was created: it opens in the editor. */
  onCreated: (id: number) => void;
};

/**
 * New post: site (or none), title, date (now in this machine's offset),
 * draft, then optional layout, categories and tags. The file name it will
 * get is shown live (from the backend, `-2` rule included). Escape closes
 * at once when nothing was typed, else asks first.
 */
export function NewPostDialog({ categories, tags, layouts = [], onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const sitesQuery = useQuery({ queryKey: queryKeys.sites, queryFn: () => api.sites(), staleTime: 0 });
  const sites: Site[] = sitesQuery.data ?? [];
  const [opened] = useState(() => emptyForm(new Date(), null));
  const [form, setForm] = useState<NewPostForm>(opened);
  // The site picked, else the archive's default site, else the first site
  // once they are read.
  const defaultSite = useQuery({ ...archiveSettingsQuery, staleTime: 0 }).data?.default_site ?? null;
  const [sitePicked, setSitePicked] = useState(false);
  const site = sitePicked ? form.site : preselectedSite(sites, defaultSite);
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ path: string | null; error: string | null }>({ path: null, error: null });
  const [saving, setSaving] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);
  const set = (patch: Partial<NewPostForm>) => setForm((f) => ({ ...f, ...patch }));
  const siteName = sites.find((s) => s.id === site)?.name ?? null;

  useEffect(() => titleRef.current?.focus(), []);

  // The file name, read again as the title, date, site or draft change.
  useEffect(() => {
    if (form.title.trim() === "") return;
    let live = true;
    const date = dateToSend(form);
    api
      .previewNewPostPath(site, form.title, date, form.draft)
      .then((path) => live && setPreview({ path, error: null }))
      .catch((e: Error) => live && setPreview({ path: null, error: e.message }));
    return () => void (live = false);
  }, [form, site]);

  const save = async () => {
    setError(null);
    setSaving(true);
    try {
      const made = await api.newPost(site, form.title, dateToSend(form), form.draft, extraFields(form), null);
      onCreated(made.id);
    } catch (e) {
      setError((e as Error).message);
      setSaving(false);
    }
  };

  // Escape: closes an untouched dialog, asks first about a changed one,
  // and takes back the question when asked again.
  const onEscape = () => {
    const action = escapeAction({ ...form, site }, { ...opened, site }, asking);
    if (action === "close") onClose();
    else if (action === "ask") setAsking(true);
    else setAsking(false);
  };

  const blank = form.title.trim() === "";
  return (
    <Modal label={t("newPostTitle")} onEscape={onEscape}>
      <form
        className="dialog new-post"
        data-testid="new-post-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h2>{t("newPostTitle")}</h2>
        {error && <div className="banner error" role="alert" data-testid="new-post-error">{error}</div>}
        <div className="fields">
          <label>
            <span>{t("site")}</span>
            <select
              value={site ?? ""}
              onChange={(e) => (setSitePicked(true), set({ site: e.target.value === "" ? null : Number(e.target.value) }))}
              data-testid="new-post-site"
            >
              {sites.map((s) => (
                <option key={s.id} value={s.id}>{s.name} — {s.path}</option>
              ))}
              <option value="">{t("noSite")}</option>
            </select>
          </label>
          <label>
            <span>{t("fieldTitle")}</span>
            <input ref={titleRef} type="text" value={form.title} onChange={(e) => set({ title: e.target.value })} required data-testid="new-post-title" />
          </label>
          <label>
            <span>{t("fieldDate")}</span>
            <input type="text" value={form.date} onChange={(e) => set({ date: e.target.value })} placeholder={form.draft ? t("noDate") : ""} data-testid="new-post-date" />
          </label>
          <label>
            <span>{t("newPostDraftLabel")}</span>
            <span>
              <input type="checkbox" checked={form.draft} onChange={(e) => set({ draft: e.target.checked })} data-testid="new-post-draft" /> {t("newPostDraft")}
            </span>
          </label>
          <label>
            <span>{t("fieldLayout")}</span>
            <input type="text" list="new-post-layouts" value={form.layout} onChange={(e) => set({ layout: e.target.value })} data-testid="new-post-layout" />
            <datalist id="new-post-layouts">{layouts.map((l) => <option key={l} value={l} />)}</datalist>
          </label>
          <label>
            <span>{t("categories")}</span>
            <TokenInput label={t("categories")} values={form.categories} suggestions={categories} onChange={(v) => set({ categories: v })} testId="new-post-categories" />
          </label>
          <label>
            <span>{t("tags")}</span>
            <TokenInput label={t("tags")} values={form.tags} suggestions={tags} onChange={(v) => set({ tags: v })} testId="new-post-tags" />
          </label>
        </div>
        <p className="line new-post-path" data-testid="new-post-path">
          {blank ? t("newPostNeedsTitle") : preview.error ? <span className="error" role="status">{preview.error}</span> : preview.path ? t("newPostFile", { path: previewText(preview.path, siteName) }) : "…"}
        </p>
        {asking && (
          <div className="banner notice" data-testid="new-post-discard">
            {t("newPostDiscardPrompt")}{" "}
            <button type="button" onClick={onClose} data-testid="new-post-discard-yes">{t("discard")}</button>{" "}
            <button type="button" onClick={() => (setAsking(false), titleRef.current?.focus())}>{t("keepEditing")}</button>
          </div>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={() => (escapeAction({ ...form, site }, { ...opened, site }, false) === "close" ? onClose() : setAsking(true))} data-testid="new-post-cancel">
            {t("cancel")}
          </button>
          <button type="submit" className="primary" disabled={saving} data-testid="new-post-save">{t("newPostSave")}</button>
        </div>
      </form>
    </Modal>
  );
}
