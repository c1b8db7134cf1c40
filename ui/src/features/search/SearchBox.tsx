import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Sort } from "../../api";

type Props = {
  onSearch: (query: string) => void;
  sort: Sort;
  onSort: (sort: Sort) => void;
  /** Text put into the box from outside (a facet clicked while searching). */
  value: string;
};

const DEBOUNCE_MS = 200;

/**
 * The search box: results follow the typing (debounced); Ctrl/Cmd+K or
 * Ctrl/Cmd+F focuses it, Escape clears it.
 */
export function SearchBox({ onSearch, sort, onSort, value }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => setText(value), [value]);
  useEffect(() => {
    const id = setTimeout(() => onSearch(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(id);
  }, [text, onSearch]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && (e.key === "k" || e.key === "f")) {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="search-box">
      <input
        ref={input}
        type="search"
        data-testid="search-input"
        placeholder={t("searchPlaceholder")}
        value={text}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") setText("");
        }}
      />
      <select value={sort} onChange={(e) => onSort(e.target.value as Sort)} aria-label={t("sortBy")}>
        <option value="relevance">{t("sortRelevance")}</option>
        <option value="date">{t("sortDate")}</option>
      </select>
    </div>
  );
}
