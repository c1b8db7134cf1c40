// Every keyboard shortcut of the window, in one list: the shortcut sheet
// (? or F1) shows it, and a test checks that each entry has its text in
// every language. Keys are written as the sheet shows them; "Mod" is Ctrl
// (Cmd on macOS).

/** Where a shortcut works. */
export type Scope = "window" | "list" | "timeline" | "reader" | "editor" | "dialog";

export type Shortcut = {
  /** Alternatives, each a key chord ("Mod+N", "Shift+F3", "?"). */
  keys: string[];
  /** The i18n key of what it does. */
  action: string;
  scope: Scope;
};

/** The sheet's sections, in order. */
export const scopes: Scope[] = ["window", "list", "timeline", "reader", "editor", "dialog"];

export const shortcuts: Shortcut[] = [
  { keys: ["Mod+N"], action: "shortcut_newPost", scope: "window" },
  { keys: ["Mod+O"], action: "shortcut_openArchive", scope: "window" },
  { keys: ["Mod+I"], action: "shortcut_importFolder", scope: "window" },
  { keys: ["Mod+Shift+I"], action: "shortcut_importFiles", scope: "window" },
  { keys: ["Mod+K", "Mod+F"], action: "shortcut_search", scope: "window" },
  { keys: ["F5"], action: "shortcut_syncAll", scope: "window" },
  { keys: ["Mod+Z"], action: "shortcut_undo", scope: "window" },
  { keys: ["Mod+,"], action: "shortcut_settings", scope: "window" },
  { keys: ["?", "F1"], action: "shortcut_sheet", scope: "window" },
  { keys: ["↓", "J"], action: "shortcut_next", scope: "list" },
  { keys: ["↑", "K"], action: "shortcut_previous", scope: "list" },
  { keys: ["Mod+Click"], action: "shortcut_mark", scope: "list" },
  { keys: ["Shift+Click"], action: "shortcut_markRange", scope: "list" },
  { keys: ["←", "→"], action: "shortcut_timelineMove", scope: "timeline" },
  { keys: ["Shift+←", "Shift+→"], action: "shortcut_timelineExtend", scope: "timeline" },
  { keys: ["Home", "End"], action: "shortcut_timelineEnds", scope: "timeline" },
  { keys: ["Enter"], action: "shortcut_timelineNarrow", scope: "timeline" },
  { keys: ["Esc"], action: "shortcut_timelineClear", scope: "timeline" },
  { keys: ["E"], action: "shortcut_edit", scope: "reader" },
  { keys: ["F3"], action: "shortcut_nextMatch", scope: "reader" },
  { keys: ["Shift+F3"], action: "shortcut_previousMatch", scope: "reader" },
  { keys: ["Mod+S"], action: "shortcut_save", scope: "editor" },
  { keys: ["Mod+F"], action: "shortcut_find", scope: "editor" },
  { keys: ["Mod+Z", "Mod+Shift+Z"], action: "shortcut_editorUndo", scope: "editor" },
  { keys: ["Tab", "Shift+Tab"], action: "shortcut_focus", scope: "dialog" },
  { keys: ["Enter"], action: "shortcut_confirm", scope: "dialog" },
  { keys: ["Esc"], action: "shortcut_close", scope: "dialog" },
];

/** `keys` as shown on this system: "Mod" becomes ⌘ on macOS, Ctrl
 * elsewhere. */
export function keyLabel(key: string, mac: boolean): string {
  return key.replace(/^Mod\+/, mac ? "⌘" : "Ctrl+");
}
