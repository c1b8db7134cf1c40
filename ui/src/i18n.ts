// UI text in English and Simplified Chinese. The language is the backend's
// choice (`api.appSettings().ui_language`: the Settings choice, else the
// OS language as `sys-locale` reads it), the same one the native menu
// uses; main.tsx applies it before the first render, the Settings dialog
// when it changes. The strings live in locales/<language>.json, one flat
// object per language (keys with _one/_other are i18next plural forms);
// i18n.test.ts checks both have the same keys.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./locales/en.json";
import zhCN from "./locales/zh-CN.json";

export const resources = {
  en: { translation: en },
  "zh-CN": { translation: zhCN },
} as const;

void i18n.use(initReactI18next).init({
  resources,
  lng: "en",
  fallbackLng: "en",
  interpolation: { escapeValue: false },
});

/** Shows the UI in `language` (a backend `Language`: "en" or "zh-CN"). */
export function applyLanguage(language: keyof typeof resources) {
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

export default i18n;
