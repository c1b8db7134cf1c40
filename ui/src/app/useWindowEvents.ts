import { type Dispatch, type RefObject, useEffect, useRef } from "react";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { events } from "../api";
import type { UiAction } from "./uiState";

type Handlers = {
  editing: boolean;
  selected: number | null;
  /** The editor holds unsaved changes. */
  dirty: RefObject<boolean>;
  dispatch: Dispatch<UiAction>;
  undoLast: () => Promise<void>;
  pick: (directory: boolean) => Promise<void>;
  openArchive: () => Promise<void>;
  /** Syncs every site (F5, File → Sync All Sites). */
  syncAll: () => void;
};

/**
 * Input from outside the window's controls: Ctrl/Cmd+Z (outside text
 * fields and editors) undoes the last operation, E edits the post
 * selected, F5 syncs every site, F1 or ? shows the shortcut sheet
 * (features/help/shortcuts.ts lists every shortcut), Ctrl/Cmd+N (or File →
 * New Post…) opens the New post dialog and Ctrl/Cmd+, (or File →
 * Settings…) the Settings dialog; the native File menu runs the toolbar's
 * actions (and opens the Conflicts view); closing the
 * window with unsaved changes asks first.
 */
export function useWindowEvents({ editing, selected, dirty, dispatch, undoLast, pick, openArchive, syncAll }: Handlers) {
  useEffect(() => {
    const un = getCurrentWindow().onCloseRequested((e) => {
      if (dirty.current) {
        e.preventDefault();
        dispatch({ type: "askQuit" });
      }
    });
    return () => void un.then((f) => f());
  }, [dirty, dispatch]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      const typing = el?.closest("input, textarea, select, [contenteditable=true], .cm-editor");
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === "z" && !typing && !editing) {
        e.preventDefault();
        void undoLast();
      }
      if (e.key === "F5") {
        e.preventDefault();
        syncAll();
      }
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "n") {
        e.preventDefault();
        dispatch({ type: "openDialog", dialog: "newPost" });
      }
      // The shortcut sheet: F1 anywhere, ? outside text fields (it is a
      // character there).
      if (e.key === "F1" || (e.key === "?" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey)) {
        e.preventDefault();
        dispatch({ type: "openDialog", dialog: "shortcuts" });
      }
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key === ",") {
        e.preventDefault();
        dispatch({ type: "openDialog", dialog: "settings" });
      }
      if (e.key === "e" && !typing && !e.ctrlKey && !e.metaKey && selected != null && !editing) dispatch({ type: "edit" });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undoLast, editing, selected, dispatch, syncAll]);

  // The menu's listener stays for the window's life; it calls the newest
  // actions.
  const actions = useRef({ pick, openArchive, syncAll, dispatch });
  actions.current = { pick, openArchive, syncAll, dispatch };
  useEffect(() => {
    const un = events.menuActionEvent.listen((e) => {
      const a = actions.current;
      if (e.payload.action === "open_archive") void a.openArchive();
      else if (e.payload.action === "import_files") void a.pick(false);
      else if (e.payload.action === "import_folder") void a.pick(true);
      else if (e.payload.action === "sync_all") a.syncAll();
      else if (e.payload.action === "conflicts") a.dispatch({ type: "openDialog", dialog: "conflicts" });
      else if (e.payload.action === "new_post") a.dispatch({ type: "openDialog", dialog: "newPost" });
      else if (e.payload.action === "settings") a.dispatch({ type: "openDialog", dialog: "settings" });
    });
    return () => void un.then((f) => f());
  }, []);
}
