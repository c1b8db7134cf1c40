import { describe, expect, it } from "vitest";
import { resources, uiLanguage } from "./i18n";

describe("UI languages", () => {
  it("follows the OS language", () => {
    expect(uiLanguage("zh-CN")).toBe("zh-CN");
    expect(uiLanguage("zh-Hans-CN")).toBe("zh-CN");
    expect(uiLanguage("en-US")).toBe("en");
    expect(uiLanguage("fr")).toBe("en");
    expect(uiLanguage(undefined)).toBe("en");
  });
  it("has every English string in Chinese too", () => {
    expect(Object.keys(resources["zh-CN"].translation).sort()).toEqual(Object.keys(resources.en.translation).sort());
  });
});
