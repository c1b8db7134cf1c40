// Pure rules of the New post dialog: the date it starts with, whether
// Escape closes it at once or asks first, the front matter fields it sends,
// and how a post's state is badged in the list.
import type { FieldEdit } from "../../api";

/** What the user has typed into the dialog. */
export type NewPostForm = {
  site: number | null;
  title: string;
  /** As the user wrote it; "" for none (a draft without a date). */
  date: string;
  draft: boolean;
  layout: string;
  categories: string[];
  tags: string[];
};

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD HH:MM:SS +ZZZZ` for `now` in the machine's offset (the
 * form `gazette new` writes). */
export function localDateText(now: Date): string {
  const offset = -now.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  return `${day} ${time} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** The form as the dialog opens it. */
export function emptyForm(now: Date, site: number | null): NewPostForm {
  return { site, title: "", date: localDateText(now), draft: false, layout: "", categories: [], tags: [] };
}

/** Whether the user typed anything (the date as it opened and the site or
 * draft toggle picked do not count): Escape then asks before closing. */
export function hasTyped(form: NewPostForm, opened: NewPostForm): boolean {
  return (
    form.title.trim() !== "" ||
    form.date.trim() !== opened.date.trim() ||
    form.layout.trim() !== "" ||
    form.categories.length > 0 ||
    form.tags.length > 0
  );
}

/** What Escape does: close at once with nothing typed, else ask first; a
 * second Escape while asking keeps the dialog (the question closes). */
export function escapeAction(form: NewPostForm, opened: NewPostForm, asking: boolean): "close" | "ask" | "keep" {
  if (asking) return "keep";
  return hasTyped(form, opened) ? "ask" : "close";
}

/** The date to send: null for none (a draft left without one). */
export function dateToSend(form: NewPostForm): string | null {
  const d = form.date.trim();
  return d === "" ? null : d;
}

/** The optional keys, in the order the form shows them (empty ones left
 * out). */
export function extraFields(form: NewPostForm): FieldEdit[] {
  const fields: FieldEdit[] = [];
  if (form.layout.trim()) fields.push({ op: "set_text", key: "layout", value: form.layout.trim() });
  if (form.categories.length > 0) fields.push({ op: "set_list", key: "categories", items: form.categories });
  if (form.tags.length > 0) fields.push({ op: "set_list", key: "tags", items: form.tags });
  return fields;
}

/** The file name shown live: the path in the site, after the site's
 * name when there is one (`blog: _posts/2024-05-01-赣州.md`). */
export function previewText(path: string, siteName: string | null): string {
  return siteName ? `${siteName}: ${path}` : path;
}

/** A list row's badge: "draft" for a post in `_drafts/`, "scheduled" for
 * one dated after `now` (an ISO date with its offset), else none. */
export function postBadge(post: { draft: boolean; date: string | null }, now: Date): "draft" | "scheduled" | null {
  if (post.draft) return "draft";
  if (post.date) {
    const at = Date.parse(post.date);
    if (!Number.isNaN(at) && at > now.getTime()) return "scheduled";
  }
  return null;
}

/** Which reader button a post gets: Promote for a file in a `_drafts/`
 * folder, Demote for one in `_posts/`, none for others (a page). */
export function moveAction(sourcePath: string): "promote" | "demote" | null {
  const parts = sourcePath.split(/[\\/]/);
  const folders = parts.slice(0, -1);
  if (folders.includes("_drafts")) return "promote";
  if (folders.includes("_posts")) return "demote";
  return null;
}
