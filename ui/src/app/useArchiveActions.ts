import { type Dispatch, useCallback, useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { open } from "@tauri-apps/plugin-dialog";
import { api, events } from "../api";
import { invalidateArchive, resetArchive } from "../api/queries";
import { useImport } from "../features/import/useImport";
import type { UiAction } from "./uiState";

const POST_EXTENSIONS = ["md", "markdown", "mkd", "mkdn", "mkdown", "html", "htm", "textile", "txt"];

/**
 * The toolbar's and File menu's actions on the archive, each followed by
 * the invalidation it needs: `refresh` after anything that may change the
 * archive (every query is read again), `undoLast` and `undoImport` (undo
 * the newest undoable operation, or the import just shown), `pick` (files
 * or a folder to import) and `openArchive` (another archive file: the
 * window starts over on it, as it does when a second launch hands over an
 * archive); `job` is the import job, whose end refreshes.
 * Failures land in the window's notice or archive-error banner.
 */
export function useArchiveActions(dispatch: Dispatch<UiAction>) {
  const { t } = useTranslation();
  const client = useQueryClient();

  const refresh = useCallback(() => {
    dispatch({ type: "refreshed" });
    void invalidateArchive(client);
  }, [client, dispatch]);
  const job = useImport(refresh);

  const undoLast = useCallback(async () => {
    try {
      await api.undo(null);
      dispatch({ type: "notice", message: null });
      refresh();
    } catch (e) {
      dispatch({ type: "notice", message: (e as Error).message });
    }
  }, [dispatch, refresh]);

  // The import just shown is the newest import operation; `dismiss` hides
  // its report once that is known.
  const undoImport = async (dismiss: () => void) => {
    const ops = await api.operations(50);
    const last = ops.find((o) => o.kind === "import" && o.undone_by == null);
    dismiss();
    if (!last) return;
    try {
      await api.undo(last.id);
    } catch (e) {
      dispatch({ type: "notice", message: (e as Error).message });
    }
    refresh();
  };

  const pick = async (directory: boolean) => {
    const chosen = await open({
      directory,
      multiple: true,
      filters: directory ? undefined : [{ name: t("postFiles"), extensions: POST_EXTENSIONS }],
    });
    if (chosen) void job.start(Array.isArray(chosen) ? chosen : [chosen]);
  };

  // A second launch of the app with a `.db` opened it here.
  useEffect(() => {
    const un = events.archiveOpenedEvent.listen((e) => {
      if (e.payload.error) {
        dispatch({ type: "openFailed", message: e.payload.error });
      } else {
        dispatch({ type: "archiveOpened" });
        void resetArchive(client);
      }
    });
    return () => void un.then((f) => f());
  }, [client, dispatch]);

  const openArchive = async () => {
    const chosen = await open({ multiple: false, filters: [{ name: t("dbFiles"), extensions: ["db", "sqlite"] }] });
    if (typeof chosen !== "string") return;
    try {
      await api.openArchive(chosen);
      dispatch({ type: "archiveOpened" });
      void resetArchive(client);
    } catch (e) {
      dispatch({ type: "openFailed", message: (e as Error).message });
    }
  };

  return { refresh, undoLast, undoImport, pick, openArchive, job };
}
