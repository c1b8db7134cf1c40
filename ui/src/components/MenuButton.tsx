import { type ReactNode, useEffect, useRef, useState } from "react";

/** One entry of a menu: its label, what it does, and its shortcut (shown
 * beside it and in its tooltip) or another note to show beside it, and its
 * tooltip when not the label. */
export type MenuEntry = {
  label: string;
  onSelect: () => void;
  shortcut?: string;
  note?: string;
  title?: string;
  disabled?: boolean;
  testId?: string;
};

type Props = {
  label: ReactNode;
  title: string;
  entries: MenuEntry[];
  disabled?: boolean;
  testId?: string;
  /** Shown in the menu when it has no entries. */
  empty?: string;
};

/**
 * A toolbar button that opens a menu of actions below it (for the actions
 * used less often, so the toolbar fits a small window). Escape or a click
 * outside closes it; the entries are buttons, reachable with Tab.
 */
export function MenuButton({ label, title, entries, disabled, testId, empty }: Props) {
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
        <div className="menu" role="menu" data-testid={testId && `${testId}-menu`}>
          {entries.length === 0 && empty && <div className="menu-note">{empty}</div>}
          {entries.map((e) => (
            <button
              key={e.label}
              role="menuitem"
              disabled={e.disabled}
              title={e.title ?? (e.shortcut ? `${e.label} (${e.shortcut})` : e.label)}
              data-testid={e.testId}
              onClick={() => {
                setOpen(false);
                e.onSelect();
              }}
            >
              <span>{e.label}</span>
              {(e.note ?? e.shortcut) && <span className="menu-note">{e.note ?? e.shortcut}</span>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
