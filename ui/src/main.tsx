import React from "react";
import ReactDOM from "react-dom/client";
import { QueryClientProvider } from "@tanstack/react-query";
import { applyLanguage } from "./i18n";
import "./styles.css";
import { App } from "./App";
import { api } from "./api";
import { newQueryClient } from "./api/queries";
import { applyAppSettings } from "./features/settings/applySettings";

const queryClient = newQueryClient();

function render() {
  ReactDOM.createRoot(document.getElementById("root")!).render(
    <React.StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </React.StrictMode>,
  );
}

// The theme and the language are applied before the first paint of the
// app, so it never shows in the wrong ones first.
api
  .appSettings()
  .then(applyAppSettings, (e: Error) => {
    console.error("app settings unavailable:", e.message);
    applyLanguage("en");
  })
  .finally(render);
