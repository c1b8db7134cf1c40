// ESLint flat config: typescript-eslint's recommended rules and the two
// classic React hooks rules (rules-of-hooks, exhaustive-deps) over the UI
// sources. eslint-plugin-react-hooks 7's own "recommended" preset also turns
// on the React Compiler rules (set-state-in-effect, refs, ...); those are
// not enabled here. The generated bindings (api/bindings.ts, written by
// tauri-specta) are left out.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default defineConfig(
  { ignores: ["dist/", "node_modules/", "src/api/bindings.ts"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
);
