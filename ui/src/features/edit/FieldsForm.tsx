import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldEdit } from "../../api";
import { TokenInput } from "./TokenInput";
import { STANDARD_KEYS, namesOf, valueType, yamlText } from "./fields";

type Props = {
  frontMatter: Record<string, unknown>;
  layouts: string[];
  categories: string[];
  tags: string[];
  /** Applies edits to the working text (only those keys' lines change). */
  onEdit: (edits: FieldEdit[]) => void;
};

/** A text input that reports its value when it loses focus or on Enter. */
function CommitInput({ value, onCommit, label, list, testId }: { value: string; onCommit: (v: string) => void; label: string; list?: string; testId?: string }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => draft !== value && onCommit(draft);
  return (
    <input
      aria-label={label}
      data-testid={testId}
      list={list}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === "Enter" && commit()}
    />
  );
}

/**
 * Typed fields for Jekyll's standard keys and a typed row for every other
 * key (rename, change as YAML, remove), plus a row to add a key. Each change
 * becomes one front matter edit of the working text.
 */
export function FieldsForm({ frontMatter, layouts, categories, tags, onEdit }: Props) {
  const { t } = useTranslation();
  const [newKey, setNewKey] = useState("");
  const [newValue, setNewValue] = useState("");
  const fm = frontMatter;
  const text = (k: string) => (fm[k] === undefined || fm[k] === null ? "" : typeof fm[k] === "string" ? (fm[k] as string) : yamlText(fm[k]));
  const setText = (key: string) => (v: string) => onEdit(v === "" && fm[key] === undefined ? [] : [{ op: "set_text", key, value: v }]);
  const others = Object.entries(fm).filter(([k]) => !(STANDARD_KEYS as readonly string[]).includes(k));
  const listKey = (plural: string, singular: string) => (fm[plural] === undefined && fm[singular] !== undefined ? singular : plural);

  return (
    <div className="fields" data-testid="fields-form">
      <label>
        <span>{t("fieldTitle")}</span>
        <CommitInput label={t("fieldTitle")} value={text("title")} onCommit={setText("title")} testId="field-title" />
      </label>
      <label>
        <span>{t("fieldDate")}</span>
        <CommitInput
          label={t("fieldDate")}
          value={text("date")}
          onCommit={(v) => onEdit([{ op: "set_yaml", key: "date", yaml: v }])}
          testId="field-date"
        />
      </label>
      <label>
        <span>{t("fieldLayout")}</span>
        <CommitInput label={t("fieldLayout")} value={text("layout")} onCommit={setText("layout")} list="layouts-list" />
        <datalist id="layouts-list">
          {layouts.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
      </label>
      <label>
        <span>{t("categories")}</span>
        <TokenInput
          label={t("categories")}
          values={namesOf(fm.categories ?? fm.category)}
          suggestions={categories}
          onChange={(items) => onEdit([{ op: "set_list", key: listKey("categories", "category"), items }])}
        />
      </label>
      <label>
        <span>{t("tags")}</span>
        <TokenInput
          label={t("tags")}
          values={namesOf(fm.tags ?? fm.tag)}
          suggestions={tags}
          onChange={(items) => onEdit([{ op: "set_list", key: listKey("tags", "tag"), items }])}
          testId="field-tags"
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={fm.published !== false}
          onChange={(e) => onEdit(e.target.checked ? [{ op: "unset", key: "published" }] : [{ op: "set_bool", key: "published", value: false }])}
        />
        <span>{t("fieldPublished")}</span>
      </label>
      <label>
        <span>{t("fieldPermalink")}</span>
        <CommitInput label={t("fieldPermalink")} value={text("permalink")} onCommit={setText("permalink")} />
      </label>
      <label>
        <span>{t("fieldExcerpt")}</span>
        <CommitInput label={t("fieldExcerpt")} value={text("excerpt")} onCommit={setText("excerpt")} />
      </label>
      <h4>{t("otherKeys")}</h4>
      <table className="other-keys">
        <tbody>
          {others.map(([k, v]) => (
            <tr key={k}>
              <td>
                <CommitInput label={t("keyName")} value={k} onCommit={(to) => to && onEdit([{ op: "rename", from: k, to }])} />
              </td>
              <td>
                <span className={`type type-${valueType(v)}`}>{t(`type_${valueType(v)}`)}</span>
              </td>
              <td>
                <CommitInput label={k} value={yamlText(v)} onCommit={(yaml) => onEdit([{ op: "set_yaml", key: k, yaml }])} />
              </td>
              <td>
                <button type="button" aria-label={`${t("removeKey")} ${k}`} onClick={() => onEdit([{ op: "unset", key: k }])}>
                  ×
                </button>
              </td>
            </tr>
          ))}
          <tr>
            <td>
              <input aria-label={t("newKey")} placeholder={t("newKey")} value={newKey} onChange={(e) => setNewKey(e.target.value)} />
            </td>
            <td />
            <td>
              <input aria-label={t("newValue")} placeholder={t("newValueYaml")} value={newValue} onChange={(e) => setNewValue(e.target.value)} />
            </td>
            <td>
              <button
                type="button"
                disabled={!newKey.trim()}
                onClick={() => {
                  onEdit([{ op: "set_yaml", key: newKey.trim(), yaml: newValue }]);
                  setNewKey("");
                  setNewValue("");
                }}
              >
                {t("addKey")}
              </button>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
