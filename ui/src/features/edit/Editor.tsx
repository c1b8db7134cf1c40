import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, CommandError, type EditablePost, type FieldEdit, type TextParts } from "../../api";
import { CodeEditor } from "../../components/CodeEditor";
import { FieldsForm } from "./FieldsForm";
import { HistoryPanel } from "./HistoryPanel";
import { joinParts } from "./fields";
import { PostBody } from "../../components/PostBody";

type Props = {
  id: number;
  categories: string[];
  tags: string[];
  onClose: () => void;
  onSaved: () => void;
  onDirty: (dirty: boolean) => void;
};

/**
 * The post editor: front matter as typed fields or raw YAML (validated, with
 * the line and column of a problem), the body in CodeMirror (HTML or
 * Markdown) with a sanitised preview, and the post's history. Ctrl/Cmd+S
 * saves; a post changed elsewhere since it was opened is reported, never
 * overwritten.
 */
export function Editor({ id, categories, tags, onClose, onSaved, onDirty }: Props) {
  const { t } = useTranslation();
  const [post, setPost] = useState<EditablePost | null>(null);
  const [parts, setParts] = useState<TextParts | null>(null);
  const [yaml, setYaml] = useState("");
  const [body, setBody] = useState("");
  const [baseHash, setBaseHash] = useState("");
  const [savedText, setSavedText] = useState("");
  const [fmTab, setFmTab] = useState<"fields" | "yaml">("fields");
  const [preview, setPreview] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const [conflict, setConflict] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [editorKey, setEditorKey] = useState(0);

  const load = useCallback(() => {
    api
      .editPostText(id)
      .then((p) => {
        setPost(p);
        setParts(p.parts);
        setYaml(p.parts.yaml);
        setBody(p.parts.body);
        setBaseHash(p.base_hash);
        setSavedText(p.parts.text);
        setConflict(false);
        setEditorKey((k) => k + 1);
      })
      .catch((e: Error) => setMessage({ kind: "error", text: e.message }));
  }, [id]);
  useEffect(load, [load]);

  const text = parts ? joinParts(parts, yaml, body) : "";
  const dirty = parts != null && text !== savedText;
  useEffect(() => onDirty(dirty), [dirty, onDirty]);

  // Re-read the YAML as the user types it (debounced): the form and the
  // problem line follow the raw text.
  useEffect(() => {
    if (!parts) return;
    let live = true;
    const timer = window.setTimeout(() => {
      void api.parsePostText(text).then((p) => live && setParts(p));
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [yaml]);

  const applyEdits = (edits: FieldEdit[]) => {
    if (edits.length === 0) return;
    api
      .applyFrontMatterEdits(text, edits)
      .then((p) => {
        setParts(p);
        setYaml(p.yaml);
        setBody(p.body);
        setMessage(null);
      })
      .catch((e: Error) => setMessage({ kind: "error", text: e.message }));
  };

  const save = useCallback(async () => {
    if (!parts || !dirty) return;
    try {
      const saved = await api.savePost(id, baseHash, text);
      setBaseHash(saved.content_hash);
      setSavedText(text);
      setMessage({ kind: "ok", text: t("saved") });
      onSaved();
    } catch (e) {
      if (e instanceof CommandError && e.code === "conflict") setConflict(true);
      setMessage({ kind: "error", text: (e as Error).message });
    }
  }, [parts, dirty, id, baseHash, text, t, onSaved]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [save]);

  useEffect(() => {
    if (preview == null || !post) return;
    api.previewBody(post.format, body, post.id).then(setPreview).catch(() => setPreview(""));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [preview != null, body]);

  const frontMatter = useMemo(() => (parts?.front_matter ?? {}) as Record<string, unknown>, [parts]);
  const onError = useCallback((m: string) => setMessage({ kind: "error", text: m }), []);
  if (!post || !parts) return <div className="editor">{message?.text}</div>;
  const language = post.format === "html" ? "html" : post.format === "markdown" ? "markdown" : "text";
  const problem = parts.problem;

  return (
    <section className="editor" data-testid="editor">
      <header className="editor-bar">
        <button type="button" className="primary" onClick={() => void save()} disabled={!dirty || problem != null} data-testid="save">
          {t("save")}
        </button>
        <button type="button" onClick={onClose} data-testid="close-editor">
          {t("closeEditor")}
        </button>
        <button type="button" aria-pressed={showHistory} onClick={() => setShowHistory((s) => !s)} data-testid="history-toggle">
          {t("history")}
        </button>
        <span className="status" data-testid="editor-status">
          {dirty ? t("unsaved") : t("allSaved")}
        </span>
      </header>
      {message && (
        <div className={`banner ${message.kind}`} role={message.kind === "error" ? "alert" : "status"} data-testid="editor-message">
          {message.text}
          {conflict && (
            <button type="button" onClick={load}>
              {t("reloadDiscard")}
            </button>
          )}
        </div>
      )}
      {showHistory && <HistoryPanel id={id} onError={onError} onRestored={() => (load(), onSaved())} />}
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={fmTab === "fields"} onClick={() => setFmTab("fields")}>
          {t("fields")}
        </button>
        <button role="tab" aria-selected={fmTab === "yaml"} onClick={() => setFmTab("yaml")} data-testid="yaml-tab">
          {t("rawYaml")}
        </button>
      </div>
      {problem && (
        <div className="banner error" role="alert" data-testid="yaml-problem">
          {t("yamlProblem", { line: Math.max(1, problem.line - (parts.has_front_matter ? 1 : 0)), column: problem.column })}: {problem.reason}
        </div>
      )}
      {fmTab === "fields" ? (
        problem ? (
          <p>{t("fixYamlFirst")}</p>
        ) : (
          <FieldsForm frontMatter={frontMatter} layouts={post.layouts} categories={categories} tags={tags} onEdit={applyEdits} />
        )
      ) : (
        <CodeEditor key={`y${editorKey}`} value={yaml} language="yaml" onChange={setYaml} label={t("rawYaml")} testId="yaml-editor" />
      )}
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={preview == null} onClick={() => setPreview(null)}>
          {t("body")}
        </button>
        <button role="tab" aria-selected={preview != null} onClick={() => setPreview("")} data-testid="preview-tab">
          {t("preview")}
        </button>
      </div>
      {preview == null ? (
        <CodeEditor key={`b${editorKey}`} value={body} language={language} onChange={setBody} label={t("body")} testId="body-editor" />
      ) : (
        <PostBody className="body preview" testId="preview" html={preview} />
      )}
    </section>
  );
}
