import type { AppSettingsView } from "../../api";
import { applyTheme } from "../../app/theme";
import { applyLanguage } from "../../i18n";

/** Puts the app's settings on screen: the theme and the UI language. */
export function applyAppSettings(s: AppSettingsView) {
  applyTheme(s.theme);
  applyLanguage(s.ui_language);
}
