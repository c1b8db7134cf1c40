// UI text in English and Simplified Chinese, following the OS language
// (navigator.language, which the webview takes from the OS). The strings
// live in locales/<language>.json, one flat object per language (keys with
// _one/_other are i18next plural forms); i18n.test.ts checks both have the
// same keys.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

export const resources = {
  en: { translation: en },
  "zh-CN": { translation: zhCN },
} as const;

/** The UI language for an OS language tag: Chinese → zh-CN, else English. */
export function uiLanguage(tag: string | undefined): "en" | "zh-CN" {
  return tag?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

void i18n.use(initReactI18next).init({
  resources,
  lng: uiLanguage(typeof navigator === "undefined" ? undefined : navigator.language),
  fallbackLng: "en",
  interpolation: { escapeValue: false },
});

export default i18n;
