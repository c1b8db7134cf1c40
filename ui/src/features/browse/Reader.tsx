import { useRef, useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api";
import { postQuery, queryKeys } from "../../api/queries";
import { splitIsoDate } from "./postDate";
import { moveAction } from "../compose/newPost";
import { PostBody } from "../../components/PostBody";
import { useMatchNavigation } from "./matches";

type Props = {
  id: number | null;
  /** The search the post was opened from: its words are marked in the body,
   * with next/previous match. */
  query?: string;
  onEdit?: () => void;
  /** A Promote or Demote moved the post (the archive changed). */
  onMoved?: () => void;
};

/**
 * The reader: the post's front matter as a table and its body rendered.
 * The body HTML comes sanitised from the backend (ammonia); links open in
 * the system browser and never navigate the app window.
 */
export function Reader({ id, query = "", onEdit, onMoved }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  // The post shown stays until the next one arrives.
  const read = useQuery({ ...postQuery(id ?? 0, query.trim()), enabled: id != null, placeholderData: keepPreviousData });
  const view = read.data ?? null;
  const [tab, setTab] = useState<"rendered" | "source">("rendered");
  const bodyRef = useRef<HTMLDivElement>(null);
  const matches = useMatchNavigation(bodyRef, tab === "rendered" ? (view?.body_html ?? null) : null, view?.marks ?? 0);
  // A failed setting change, shown until the post is next read.
  const [imagesError, setImagesError] = useState<{ message: string; at: number } | null>(null);
  // The remote-images setting is the archive's: every post renders anew.
  const setRemoteImages = (allow: boolean) =>
    void api
      .setRemoteImages(allow)
      .then(() => client.invalidateQueries({ queryKey: queryKeys.allPosts }))
      .catch((e: Error) => setImagesError({ message: e.message, at: read.dataUpdatedAt }));
  // Promote (a draft to _posts/) or Demote (a post to _drafts/); a failure
  // is shown until the post is next read.
  const move = (action: "promote" | "demote", postId: number) =>
    void (action === "promote" ? api.promotePost(postId, null) : api.demotePost(postId))
      .then(() => onMoved?.())
      .catch((e: Error) => setMoveError({ message: e.message, at: read.dataUpdatedAt }));
  const [moveError, setMoveError] = useState<{ message: string; at: number } | null>(null);
  const error = (imagesError?.at === read.dataUpdatedAt ? imagesError.message : null) ?? read.error?.message ?? null;

  if (id == null) return <div className="reader empty">{t("selectPost")}</div>;
  if (error) return <div className="reader error" role="alert">{error}</div>;
  if (!view) return <div className="reader" />;
  const post = view.post;
  const date = splitIsoDate(post.date);
  const entries = Object.entries((post.front_matter ?? {}) as Record<string, unknown>);

  return (
    <article className="reader" data-testid="reader">
      <header>
        <div className="reader-title-row">
          <h1 data-testid="reader-title">{post.title || t("untitled")}</h1>
          {onEdit && (
            <button type="button" className="edit-button" onClick={onEdit} data-testid="edit-post" title="E">
              {t("edit")}
            </button>
          )}
          {onMoved && moveAction(post.source_path) && (
            <button
              type="button"
              className="edit-button"
              onClick={() => move(moveAction(post.source_path) as "promote" | "demote", post.id)}
              title={t(`${moveAction(post.source_path)}Title`)}
              data-testid={`${moveAction(post.source_path)}-post`}
            >
              {t(moveAction(post.source_path) as string)}
            </button>
          )}
        </div>
        <div className="reader-meta">
          {date ? (
            <span className="date" title={post.date_text ?? ""}>
              {date.day} {date.time !== "00:00:00" && date.time} {date.offset}
            </span>
          ) : (
            <span className="date">{t("noDate")}</span>
          )}
          {post.categories.map((c) => <span key={`c${c}`} className="chip category">{c}</span>)}
          {post.tags.map((c) => <span key={`t${c}`} className="chip tag">#{c}</span>)}
          {post.draft && <span className="chip warn">{t("draft")}</span>}
          {!post.published && <span className="chip warn">{t("unpublished")}</span>}
        </div>
        <div className="source-path" title={post.source_path}>{post.source_path}</div>
        {post.url && (
          <div className="source-path post-url" title={post.url} data-testid="reader-url">
            {t("postUrl")} <code>{post.url}</code>
          </div>
        )}
        {moveError?.at === read.dataUpdatedAt && (
          <div className="banner error" role="alert" data-testid="move-error">{moveError.message}</div>
        )}
        {post.warnings.length > 0 && (
          <ul className="warnings" aria-label={t("warnings")}>
            {post.warnings.map((w, i) => <li key={i}>{w}</li>)}
          </ul>
        )}
        {matches.count > 0 && tab === "rendered" && (
          <div
            className="match-nav"
            role="group"
            aria-label={t("searchMatches")}
            data-testid="match-nav"
            onKeyDown={(e) => {
              if (e.key !== "Enter") return;
              e.preventDefault();
              if (e.shiftKey) matches.previous();
              else matches.next();
            }}
          >
            <button type="button" onClick={matches.previous} title={t("previousMatchTitle")} data-testid="match-previous">
              ↑
            </button>
            <span className="match-count" data-testid="match-count">
              {t("matchCount", { current: matches.current + 1, count: matches.count })}
            </span>
            <button type="button" onClick={matches.next} title={t("nextMatchTitle")} data-testid="match-next">
              ↓
            </button>
          </div>
        )}
        <div className="tabs" role="tablist">
          <button role="tab" aria-selected={tab === "rendered"} onClick={() => setTab("rendered")}>{t("rendered")}</button>
          <button role="tab" aria-selected={tab === "source"} onClick={() => setTab("source")}>{t("source")}</button>
        </div>
      </header>
      {tab === "rendered" ? (
        <>
          <details className="front-matter" open>
            <summary>{t("frontMatter")}</summary>
            {entries.length === 0 ? (
              <p>{t("noFrontMatter")}</p>
            ) : (
              <table data-testid="front-matter">
                <tbody>
                  {entries.map(([k, v]) => (
                    <tr key={k}>
                      <th>{k}</th>
                      <td>{typeof v === "string" ? v : JSON.stringify(v)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </details>
          {view.remote_images > 0 && !view.remote_images_allowed && (
            <div className="banner notice" data-testid="remote-images-blocked">
              {t("remoteImagesBlocked", { count: view.remote_images })}{" "}
              <button type="button" className="link" onClick={() => setRemoteImages(true)} data-testid="allow-remote-images">
                {t("allowRemoteImages")}
              </button>
            </div>
          )}
          {view.remote_images > 0 && view.remote_images_allowed && (
            <div className="banner notice subtle">
              {t("remoteImagesAllowed")}{" "}
              <button type="button" className="link" onClick={() => setRemoteImages(false)}>
                {t("blockRemoteImages")}
              </button>
            </div>
          )}
          <PostBody ref={bodyRef} testId="reader-body" html={view.body_html} />
        </>
      ) : (
        <pre className="source" data-testid="reader-source">
          {post.front_matter_text != null ? `---\n${post.front_matter_text}---\n` : ""}
          {post.body}
        </pre>
      )}
    </article>
  );
}
