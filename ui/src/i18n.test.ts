import { describe, expect, it } from "vitest";
import i18n, { applyLanguage, resources } from "./i18n";

describe("UI languages", () => {
  it("switches to the language the backend chose", () => {
    applyLanguage("zh-CN");
    expect(i18n.language).toBe("zh-CN");
    expect(document.documentElement.lang).toBe("zh-CN");
    applyLanguage("en");
    expect(i18n.language).toBe("en");
  });
  it("has every English string in Chinese too", () => {
    expect(Object.keys(resources["zh-CN"].translation).sort()).toEqual(Object.keys(resources.en.translation).sort());
  });
});
