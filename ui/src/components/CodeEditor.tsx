import { useEffect, useRef } from "react";
import { EditorView, basicSetup } from "codemirror";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { oneDark } from "@codemirror/theme-one-dark";
import { useDarkTheme } from "../app/theme";
import { html } from "@codemirror/lang-html";
import { markdown } from "@codemirror/lang-markdown";
import { yaml } from "@codemirror/lang-yaml";

export type CodeLanguage = "yaml" | "html" | "markdown" | "text";

type Props = {
  value: string;
  language: CodeLanguage;
  onChange: (value: string) => void;
  label: string;
  testId?: string;
};

function languageExtension(language: CodeLanguage): Extension {
  if (language === "yaml") return yaml();
  if (language === "html") return html();
  if (language === "markdown") return markdown();
  return [];
}

/**
 * A CodeMirror 6 editor (line numbers, undo/redo, search and replace with
 * Ctrl/Cmd+F, bracket matching) kept in step with `value`: outside changes
 * (a form field rewriting the YAML) replace the document, the user's own
 * edits flow out through `onChange`. Ctrl/Cmd+S is left to the page.
 */
export function CodeEditor({ value, language, onChange, label, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange });
  callbacks.current = { onChange };
  // One Dark in the dark theme (its colours and syntax highlighting),
  // CodeMirror's own light look otherwise; switched in place.
  const dark = useDarkTheme();
  const theme = useRef(new Compartment());

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          theme.current.of(dark ? oneDark : []),
          EditorView.lineWrapping,
          languageExtension(language),
          EditorView.contentAttributes.of({ "aria-label": label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) callbacks.current.onChange(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
    // The language and label are fixed for an editor's life (keyed by the parent).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: theme.current.reconfigure(dark ? oneDark : []) });
  }, [dark]);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div className="code-editor" ref={host} data-testid={testId} />;
}
