import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import "../../i18n";
import { resources } from "../../i18n";
import { ShortcutSheet } from "./ShortcutSheet";
import { keyLabel, scopes, shortcuts } from "./shortcuts";

afterEach(cleanup);

describe("the shortcut list", () => {
  it("has each action's text, and each section's, in every language", () => {
    for (const lang of ["en", "zh-CN"] as const) {
      const strings = resources[lang].translation as Record<string, string>;
      for (const s of shortcuts) expect(strings[s.action], `${lang}: ${s.action}`).toBeTruthy();
      for (const scope of scopes) expect(strings[`shortcutScope_${scope}`], `${lang}: ${scope}`).toBeTruthy();
    }
  });
  it("names each action once per section and puts every entry in a section", () => {
    const seen = new Set(shortcuts.map((s) => `${s.scope}:${s.action}`));
    expect(seen.size).toBe(shortcuts.length);
    for (const s of shortcuts) expect(scopes).toContain(s.scope);
  });
  it("shows Mod as Ctrl, or as ⌘ on macOS", () => {
    expect(keyLabel("Mod+Shift+I", false)).toBe("Ctrl+Shift+I");
    expect(keyLabel("Mod+N", true)).toBe("⌘N");
    expect(keyLabel("F5", true)).toBe("F5");
  });
});

describe("the shortcut sheet", () => {
  it("lists every shortcut and closes on Escape", () => {
    let closed = 0;
    render(<ShortcutSheet onClose={() => closed++} />);
    expect(screen.getAllByTestId("shortcut-row")).toHaveLength(shortcuts.length);
    fireEvent.keyDown(screen.getByTestId("shortcut-sheet"), { key: "Escape" });
    expect(closed).toBe(1);
  });
});
