import { type ReactNode, useEffect, useRef, useState } from "react";

/** One entry of a menu: its label, what it does, and its shortcut (shown
 * beside it and in its tooltip). */
export type MenuEntry = {
  label: string;
  onSelect: () => void;
  shortcut?: string;
  disabled?: boolean;
  testId?: string;
};

type Props = {
  label: ReactNode;
  title: string;
  entries: MenuEntry[];
  disabled?: boolean;
  testId?: string;
};

/**
 * A toolbar button that opens a menu of actions below it (for the actions
 * used less often, so the toolbar fits a small window). Escape or a click
 * outside closes it; the entries are buttons, reachable with Tab.
 */
export function MenuButton({ label, title, entries, disabled, testId }: Props) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    window.addEventListener("mousedown", onDown);
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("mousedown", onDown);
      window.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div className="menu-anchor" ref={box}>
      <button onClick={() => setOpen((o) => !o)} disabled={disabled} aria-haspopup="menu" aria-expanded={open} title={title} data-testid={testId}>
        {label} ▾
      </button>
      {open && (
        <div className="menu" role="menu">
          {entries.map((e) => (
            <button
              key={e.label}
              role="menuitem"
              disabled={e.disabled}
              title={e.shortcut ? `${e.label} (${e.shortcut})` : e.label}
              data-testid={e.testId}
              onClick={() => {
                setOpen(false);
                e.onSelect();
              }}
            >
              <span>{e.label}</span>
              {e.shortcut && <span className="menu-note">{e.shortcut}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
