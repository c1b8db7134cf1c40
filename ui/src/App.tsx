import { useCallback, useEffect, useReducer, useRef } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { getCurrentWindow } from "@tauri-apps/api/window";
import type { Sort } from "./api";
import { archiveInfoQuery, conflictsQuery, facetsQuery, invalidateSearches, lastUndoableQuery, queryKeys, statsQuery, syncMarksQuery } from "./api/queries";
import { api } from "./api";
import { initialUiState, uiReducer } from "./app/uiState";
import { useArchiveActions } from "./app/useArchiveActions";
import { useWindowEvents } from "./app/useWindowEvents";
import { type Entry, Sidebar, entriesFromFacets, entriesFromStats } from "./features/browse/Sidebar";
import { PostList } from "./features/browse/PostList";
import { Reader } from "./features/browse/Reader";
import { filterKey, filterQuery } from "./features/browse/filter";
import { Editor } from "./features/edit/Editor";
import { BulkDialog } from "./features/edit/BulkDialog";
import { ExportDialog } from "./features/export/ExportDialog";
import { PublishDialog } from "./features/publish/PublishDialog";
import { DuplicatesDialog } from "./features/duplicates/DuplicatesDialog";
import { SearchBox } from "./features/search/SearchBox";
import { SearchResultsList } from "./features/search/SearchResultsList";
import { ImportStatus } from "./features/import/ImportStatus";
import { useDrop } from "./features/import/useDrop";
import { useIndexing } from "./features/search/useIndexing";
import { IndexStatus } from "./features/search/IndexStatus";
import { useSync } from "./features/sync/useSync";
import { SyncMenu } from "./features/sync/SyncMenu";
import { SyncStatus } from "./features/sync/SyncStatus";
import { ConflictsDialog } from "./features/sync/ConflictsDialog";
import { MenuButton } from "./components/MenuButton";
import { NewPostDialog } from "./features/compose/NewPostDialog";
import { ShortcutSheet } from "./features/help/ShortcutSheet";
import { SettingsDialog } from "./features/settings/SettingsDialog";
import { Timeline } from "./features/timeline/Timeline";
import { withRange } from "./features/timeline/range";
import { NamesDialog } from "./features/names/NamesDialog";

/**
 * The window: toolbar, sidebar, list (posts or search results), reader or
 * editor, the job bars and the dialogs. The archive's data comes from
 * queries (api/queries.ts); the window's own state from one reducer
 * (app/uiState.ts); actions on the archive from app/useArchiveActions.ts.
 */
export function App() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [ui, dispatch] = useReducer(uiReducer, initialUiState);
  const { filter, query, sort, selected, editing, pending, dialog, marked, range } = ui;
  // What the list shows: the search or the sidebar filter, narrowed to the
  // timeline's range; bulk edits and exports act on the same posts.
  const scopeQuery = withRange(query || filterQuery(filter), range);

  const info = useQuery(archiveInfoQuery);
  const archiveError = ui.openError ?? info.error?.message ?? null;
  const stats = useQuery(statsQuery).data ?? null;
  // A new query keeps the last counts shown until its own arrive.
  const facets = useQuery({ ...facetsQuery(query), placeholderData: keepPreviousData }).data ?? null;
  const lastOp = useQuery(lastUndoableQuery).data ?? null;
  const conflictCount = useQuery(conflictsQuery).data?.length ?? 0;
  const synced = useQuery(syncMarksQuery).data;

  // Whether the editor holds unsaved changes: it says so on every change,
  // so it is kept out of the reducer's state.
  const dirty = useRef(false);
  const onDirty = useCallback((d: boolean) => void (dirty.current = d), []);
  const select = useCallback((id: number | null) => dispatch({ type: "select", id, dirty: dirty.current }), []);
  const openPost = (id: number) => dispatch({ type: "openPost", id, dirty: dirty.current });
  const mark = useCallback((ids: number[], mode: "toggle" | "add") => dispatch({ type: "mark", ids, mode }), []);
  const onSearch = useCallback((q: string) => dispatch({ type: "search", query: q }), []);
  const onSort = useCallback((s: Sort) => dispatch({ type: "sort", sort: s }), []);
  const discard = () => {
    dirty.current = false;
    if (pending === "quit") void getCurrentWindow().destroy();
    else dispatch({ type: "discard" });
  };

  const actions = useArchiveActions(dispatch);
  const job = actions.job;
  // The indexing job's end changes searches only (the list, the reader and
  // the counts stay as they are).
  const indexing = useIndexing(useCallback(() => void invalidateSearches(client), [client]));
  const dragging = useDrop(job.start);
  const sync = useSync(actions.refresh);
  const startSync = sync.start;
  const syncAll = useCallback(() => void startSync([]), [startSync]);
  useWindowEvents({ editing, selected, dirty, dispatch, undoLast: actions.undoLast, pick: actions.pick, openArchive: actions.openArchive, syncAll });
  // A post a sync changed loses its badge once opened.
  useEffect(() => {
    if (selected != null && synced?.has(selected)) {
      void api.clearSyncMark(selected).then(() => client.invalidateQueries({ queryKey: queryKeys.syncMarks }));
    }
  }, [selected, synced, client]);

  const running = job.state.phase === "running";
  return (
    <div className="app">
      <header className="toolbar">
        <span className="brand">Gazette</span>
        <button onClick={() => dispatch({ type: "openDialog", dialog: "newPost" })} disabled={running} title={`${t("newPostButton")} (Ctrl/Cmd+N)`} data-testid="new-post">{t("newPostButton")}</button>
        <MenuButton
          label={t("importMenu")}
          title={t("importMenu")}
          disabled={running}
          testId="import-menu"
          entries={[
            { label: t("importFiles"), onSelect: () => void actions.pick(false), shortcut: "Ctrl/Cmd+Shift+I", testId: "import-files" },
            { label: t("importFolder"), onSelect: () => void actions.pick(true), shortcut: "Ctrl/Cmd+I", testId: "import-folder" },
            { label: t("openArchive"), onSelect: () => void actions.openArchive(), shortcut: "Ctrl/Cmd+O", testId: "open-archive" },
          ]}
        />
        <button onClick={() => dispatch({ type: "openDialog", dialog: "bulk" })} disabled={running} title={t("bulkEdit")} data-testid="bulk-edit">
          {marked.size > 0 ? t("bulkEditMarked", { count: marked.size }) : t("bulkEdit")}
        </button>
        <button onClick={() => dispatch({ type: "openDialog", dialog: "publish" })} disabled={running} title={t("publishButton")} data-testid="publish">{t("publishButton")}</button>
        <SyncMenu running={running || sync.state.running != null} onSync={(ids) => void sync.start(ids)} />
        {conflictCount > 0 && (
          <button className="warn" onClick={() => dispatch({ type: "openDialog", dialog: "conflicts" })} data-testid="conflicts">
            {t("conflictsButton", { count: conflictCount })}
          </button>
        )}
        <MenuButton
          label={t("moreMenu")}
          title={t("moreMenu")}
          disabled={running}
          testId="more-menu"
          entries={[
            { label: t("exportButton"), onSelect: () => dispatch({ type: "openDialog", dialog: "export" }), testId: "export" },
            { label: t("duplicatesButton"), onSelect: () => dispatch({ type: "openDialog", dialog: "duplicates" }), testId: "duplicates" },
            { label: t("namesMenu"), onSelect: () => dispatch({ type: "openDialog", dialog: "names" }), testId: "names-menu" },
            { label: t("conflictsMenu"), onSelect: () => dispatch({ type: "openDialog", dialog: "conflicts" }), testId: "conflicts-menu" },
            { label: t("shortcutsMenu"), onSelect: () => dispatch({ type: "openDialog", dialog: "shortcuts" }), shortcut: "? / F1", testId: "shortcuts-menu" },
            { label: t("settingsMenu"), onSelect: () => dispatch({ type: "openDialog", dialog: "settings" }), shortcut: "Ctrl/Cmd+,", testId: "settings-menu" },
          ]}
        />
        {marked.size > 0 && <button onClick={() => dispatch({ type: "clearMarks" })} data-testid="clear-marks">{t("clearMarks")}</button>}
        <button onClick={() => void actions.undoLast()} disabled={!lastOp} title={`${lastOp ? t("undoTitle", { what: lastOp.description }) : t("nothingToUndo")} (Ctrl/Cmd+Z)`} data-testid="undo">{t("undoLast")}</button>
        <SearchBox onSearch={onSearch} sort={sort} onSort={onSort} value={ui.boxValue} />
        <span className="archive-path" title={info.data?.path}>{info.data?.path}</span>
      </header>
      {ui.notice && (
        <div className="banner error" role="alert" onClick={() => dispatch({ type: "notice", message: null })}>
          {ui.notice}
        </div>
      )}
      {archiveError && (
        <div className="banner error" role="alert">
          {t("archiveError")}: {archiveError}
        </div>
      )}
      <main className="panes">
        <Sidebar
          heading={query ? t("inResults") : t("allPosts")}
          total={query ? null : (stats?.posts ?? 0)}
          sections={query ? entriesFromFacets(facets) : entriesFromStats(stats)}
          current={query ? "" : filterKey(filter)}
          onAll={() => dispatch({ type: "showAll" })}
          onPick={(entry: Entry) => dispatch({ type: "pickFacet", entry })}
        />
        <div className="list-column">
          <Timeline query={query || filterQuery(filter)} range={range} onRange={(r) => dispatch({ type: "range", range: r })} />
          {query ? (
            <SearchResultsList query={withRange(query, range)} sort={sort} selected={selected} onSelect={select} marked={marked} onMark={mark} synced={synced} />
          ) : (
            <PostList filter={filter} range={range} selected={selected} onSelect={select} marked={marked} onMark={mark} synced={synced} />
          )}
        </div>
        {editing && selected != null ? (
          <Editor
            key={selected}
            id={selected}
            categories={Object.keys(stats?.categories ?? {})}
            tags={Object.keys(stats?.tags ?? {})}
            onClose={() => dispatch({ type: "closeEditor", dirty: dirty.current })}
            onSaved={actions.refresh}
            onDirty={onDirty}
          />
        ) : (
          <Reader id={selected} query={query} onEdit={() => dispatch({ type: "edit" })} onMoved={actions.refresh} />
        )}
      </main>
      <ImportStatus
        state={job.state}
        onCancel={job.cancel}
        onDismiss={job.dismiss}
        onShowDuplicates={() => (job.dismiss(), dispatch({ type: "openDialog", dialog: "duplicates" }))}
        onUndo={() => actions.undoImport(job.dismiss)}
      />
      <SyncStatus
        state={sync.state}
        onCancel={sync.cancel}
        onDismiss={sync.dismiss}
        onShowConflicts={() => dispatch({ type: "openDialog", dialog: "conflicts" })}
        onUndo={(op) => void api.undo(op).then(actions.refresh, (e: Error) => dispatch({ type: "notice", message: e.message }))}
      />
      {job.state.phase !== "running" && <IndexStatus state={indexing.state} onRetry={indexing.retry} onDismiss={indexing.dismiss} />}
      {dragging && <div className="drop-overlay">{t("dropHere")}</div>}
      {dialog === "bulk" && (
        <BulkDialog
          query={scopeQuery}
          ids={marked.size > 0 ? [...marked] : null}
          onClose={() => dispatch({ type: "closeDialog" })}
          onDone={actions.refresh}
        />
      )}
      {dialog === "export" && (
        <ExportDialog query={scopeQuery} marked={[...marked]} onClose={() => dispatch({ type: "closeDialog" })} onOpenPost={openPost} />
      )}
      {dialog === "duplicates" && <DuplicatesDialog onClose={() => dispatch({ type: "closeDialog" })} onChanged={actions.refresh} onOpenPost={openPost} />}
      {dialog === "conflicts" && <ConflictsDialog onClose={() => dispatch({ type: "closeDialog" })} onOpenPost={openPost} />}
      {dialog === "newPost" && (
        <NewPostDialog
          categories={Object.keys(stats?.categories ?? {})}
          tags={Object.keys(stats?.tags ?? {})}
          onClose={() => dispatch({ type: "closeDialog" })}
          onCreated={(id) => (actions.refresh(), openPost(id), dispatch({ type: "edit" }))}
        />
      )}
      {dialog === "shortcuts" && <ShortcutSheet onClose={() => dispatch({ type: "closeDialog" })} />}
      {dialog === "settings" && <SettingsDialog onClose={() => dispatch({ type: "closeDialog" })} />}
      {dialog === "names" && <NamesDialog onClose={() => dispatch({ type: "closeDialog" })} onDone={actions.refresh} />}
      {dialog === "publish" && <PublishDialog onClose={() => dispatch({ type: "closeDialog" })} onOpenPost={openPost} />}
      {pending != null && (
        <div className="dialog-backdrop" role="dialog" aria-modal="true">
          <div className="dialog" data-testid="discard-dialog">
            <p>{t("discardPrompt")}</p>
            <div className="dialog-buttons">
              <button type="button" onClick={discard} data-testid="discard">{pending === "quit" ? t("discardQuit") : t("discard")}</button>
              <button type="button" className="primary" onClick={() => dispatch({ type: "keepEditing" })}>{t("keepEditing")}</button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
