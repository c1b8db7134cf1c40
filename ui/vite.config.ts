import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// Tauri serves ui/dist; keep the build free of inline scripts so the strict
// Content Security Policy in tauri.conf.json (script-src 'self') holds.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, modulePreload: { polyfill: false } },
  test: { environment: "jsdom", css: { include: [/styles\.css/] } },
});
