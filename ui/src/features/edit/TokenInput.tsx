import { useId, useState } from "react";

type Props = {
  label: string;
  values: string[];
  suggestions: string[];
  onChange: (values: string[]) => void;
  testId?: string;
};

/**
 * Names as removable chips plus an input with autocomplete from the archive
 * (a native datalist). Enter or comma adds; Backspace on an empty input
 * removes the last one.
 */
export function TokenInput({ label, values, suggestions, onChange, testId }: Props) {
  const [draft, setDraft] = useState("");
  const listId = useId();
  const add = () => {
    const name = draft.trim();
    setDraft("");
    if (name && !values.includes(name)) onChange([...values, name]);
  };
  return (
    <div className="token-input" data-testid={testId}>
      {values.map((v) => (
        <span key={v} className="chip token">
          {v}
          <button type="button" aria-label={`${label}: ${v} ×`} onClick={() => onChange(values.filter((x) => x !== v))}>
            ×
          </button>
        </span>
      ))}
      <input
        aria-label={label}
        list={listId}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={add}
        onKeyDown={(e) => {
          if (e.key === "Enter" || e.key === ",") {
            e.preventDefault();
            add();
          } else if (e.key === "Backspace" && draft === "" && values.length > 0) {
            onChange(values.slice(0, -1));
          }
        }}
      />
      <datalist id={listId}>
        {suggestions.slice(0, 500).map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
    </div>
  );
}
