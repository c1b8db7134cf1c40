import { describe, expect, it } from "vitest";
import { applyTheme, isDarkTheme, resolveTheme } from "./theme";

describe("theme", () => {
  it("follows the OS only when the choice is system", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });
  it("marks <html> with the palette shown and the choice", () => {
    applyTheme("dark");
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(document.documentElement.dataset.themeChoice).toBe("dark");
    expect(isDarkTheme()).toBe(true);
    applyTheme("light");
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(isDarkTheme()).toBe(false);
  });
});
