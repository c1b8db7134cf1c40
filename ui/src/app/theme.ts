// The theme on screen: the Settings choice (light, dark, or the OS's
// `prefers-color-scheme` for "system"), shown as `data-theme="light|dark"`
// on <html>, which selects the palette in styles.css. The choice itself is
// `data-theme-choice`. Components that draw their own colours (CodeMirror)
// follow `useDarkTheme`.
import { useSyncExternalStore } from "react";
import type { ThemeChoice } from "../api";

let choice: ThemeChoice = "system";
const listeners = new Set<() => void>();

function osQuery(): MediaQueryList | null {
  return typeof window !== "undefined" && typeof window.matchMedia === "function" ? window.matchMedia("(prefers-color-scheme: dark)") : null;
}

/** The theme shown for `chosen` when the OS prefers dark (`osDark`) or not. */
export function resolveTheme(chosen: ThemeChoice, osDark: boolean): "light" | "dark" {
  if (chosen === "system") return osDark ? "dark" : "light";
  return chosen;
}

function render() {
  const root = document.documentElement;
  root.dataset.theme = resolveTheme(choice, osQuery()?.matches ?? false);
  root.dataset.themeChoice = choice;
  for (const f of listeners) f();
}

/** Shows the theme `chosen` (and keeps following the OS while it is "system"). */
export function applyTheme(chosen: ThemeChoice) {
  choice = chosen;
  render();
}

osQuery()?.addEventListener("change", () => choice === "system" && render());

function subscribe(f: () => void) {
  listeners.add(f);
  return () => void listeners.delete(f);
}

/** Whether the dark palette is on screen. */
export function isDarkTheme(): boolean {
  return resolveTheme(choice, osQuery()?.matches ?? false) === "dark";
}

/** Whether the dark palette is on screen, re-rendering when it changes. */
export function useDarkTheme(): boolean {
  return useSyncExternalStore(subscribe, isDarkTheme);
}
