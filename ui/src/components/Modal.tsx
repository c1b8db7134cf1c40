import { type ReactNode, useRef } from "react";
import { FocusTrap } from "focus-trap-react";

type Props = {
  /** The dialog's accessible name (its title). */
  label: string;
  /** Escape runs this; `null` while the dialog must stay (a job running,
   * a question asked). */
  onEscape: (() => void) | null;
  children: ReactNode;
};

/**
 * The frame of every modal dialog: a backdrop over the window with
 * `role="dialog"` and `aria-modal`, keyboard focus kept inside it while it
 * is open (Tab and Shift+Tab cycle through its controls; focus-trap), and
 * returned to where it was when it closes; Escape closes it when
 * `onEscape` is given. The dialog's own markup (`.dialog …`) is the child.
 */
export function Modal({ label, onEscape, children }: Props) {
  const frame = useRef<HTMLDivElement>(null);
  // The newest close action, read when Escape is pressed.
  const close = useRef(onEscape);
  close.current = onEscape;
  return (
    <FocusTrap
      focusTrapOptions={{
        // Escape is handled below, so a dialog can refuse it.
        escapeDeactivates: false,
        allowOutsideClick: true,
        returnFocusOnDeactivate: true,
        fallbackFocus: () => frame.current ?? document.body,
        // Tests and hidden windows: nothing tabbable yet is no error.
        tabbableOptions: { displayCheck: "none" },
      }}
    >
      <div
        ref={frame}
        className="dialog-backdrop"
        role="dialog"
        aria-modal="true"
        aria-label={label}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key !== "Escape" || !close.current || e.defaultPrevented) return;
          e.preventDefault();
          e.stopPropagation();
          close.current();
        }}
      >
        {children}
      </div>
    </FocusTrap>
  );
}
