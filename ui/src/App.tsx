import { useCallback, useEffect, useRef, useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { open } from "@tauri-apps/plugin-dialog";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { api, events, type Sort } from "./api";
import { archiveInfoQuery, facetsQuery, invalidateArchive, invalidateSearches, operationsQuery, resetArchive, statsQuery } from "./api/queries";
import { type Entry, Sidebar, entriesFromFacets, entriesFromStats } from "./features/browse/Sidebar";
import { PostList } from "./features/browse/PostList";
import { Reader } from "./features/browse/Reader";
import { type Filter, filterKey, filterQuery } from "./features/browse/filter";
import { Editor } from "./features/edit/Editor";
import { BulkDialog } from "./features/edit/BulkDialog";
import { ExportDialog } from "./features/export/ExportDialog";
import { PublishDialog } from "./features/publish/PublishDialog";
import { DuplicatesDialog } from "./features/duplicates/DuplicatesDialog";
import { SearchBox } from "./features/search/SearchBox";
import { SearchResultsList } from "./features/search/SearchResultsList";
import { addTerm, filterTerm } from "./features/search/queryText";
import { useImport } from "./features/import/useImport";
import { ImportStatus } from "./features/import/ImportStatus";
import { useDrop } from "./features/import/useDrop";
import { useIndexing } from "./features/search/useIndexing";
import { IndexStatus } from "./features/search/IndexStatus";

const POST_EXTENSIONS = ["md", "markdown", "mkd", "mkdn", "mkdown", "html", "htm", "textile", "txt"];

export function App() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const info = useQuery(archiveInfoQuery);
  // Opening another archive failed (shown until the next refresh).
  const [openError, setOpenError] = useState<string | null>(null);
  const archiveError = openError ?? info.error?.message ?? null;
  const stats = useQuery(statsQuery).data ?? null;
  const [filter, setFilter] = useState<Filter>({ kind: "all" });
  const [selected, setSelected] = useState<number | null>(null);
  const [query, setQuery] = useState("");
  const [boxValue, setBoxValue] = useState("");
  const [sort, setSort] = useState<Sort>("relevance");
  // A new query keeps the last counts shown until its own arrive.
  const facets = useQuery({ ...facetsQuery(query), placeholderData: keepPreviousData }).data ?? null;
  const [editing, setEditing] = useState(false);
  const [pending, setPending] = useState<number | "close" | "quit" | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [publishOpen, setPublishOpen] = useState(false);
  const [duplicatesOpen, setDuplicatesOpen] = useState(false);
  const lastOp =
    useQuery({ ...operationsQuery, select: (ops) => ops.find((o) => o.undone_by == null && o.kind !== "import" && o.posts > 0) ?? null }).data ?? null;
  const [marked, setMarked] = useState<Set<number>>(new Set());
  const mark = useCallback((ids: number[], mode: "toggle" | "add") => {
    setMarked((old) => {
      const next = new Set(old);
      for (const id of ids) {
        if (mode === "toggle" && next.has(id)) next.delete(id);
        else next.add(id);
      }
      return next;
    });
  }, []);
  // A new search or filter starts a new selection.
  useEffect(() => setMarked(new Set()), [query, filter]);
  const [notice, setNotice] = useState<string | null>(null);
  const dirty = useRef(false);
  const onDirty = useCallback((d: boolean) => void (dirty.current = d), []);

  // Leaving a post with unsaved changes asks first.
  const select = useCallback((id: number | null) => {
    if (editing && dirty.current && id !== selected) return setPending(id ?? "close");
    if (id !== selected) setEditing(false);
    setSelected(id);
  }, [editing, selected]);
  const closeEditor = () => (dirty.current ? setPending("close") : setEditing(false));
  // Closing the window with unsaved changes asks first too.
  useEffect(() => {
    const un = getCurrentWindow().onCloseRequested((e) => {
      if (dirty.current) {
        e.preventDefault();
        setPending("quit");
      }
    });
    return () => void un.then((f) => f());
  }, []);
  const discard = () => {
    if (pending === "quit") {
      dirty.current = false;
      void getCurrentWindow().destroy();
      return;
    }
    dirty.current = false;
    setEditing(false);
    if (typeof pending === "number") setSelected(pending);
    setPending(null);
  };

  const pickFacet = (e: Entry) => {
    if (query) {
      const next = addTerm(query, filterTerm(e.kind, e.name));
      setBoxValue(next);
      setQuery(next);
    } else {
      setFilter(e.kind === "year" ? { kind: "year", year: Number(e.name) } : { kind: e.kind, name: e.name });
    }
  };
  const onSearch = useCallback((q: string) => setQuery(q), []);

  // After anything that may change the archive: read everything again.
  const refresh = useCallback(() => {
    setOpenError(null);
    void invalidateArchive(client);
  }, [client]);

  const job = useImport(refresh);
  // The indexing job's end changes searches only (the list, the reader and
  // the counts stay as they are).
  const onIndexed = useCallback(() => void invalidateSearches(client), [client]);
  const indexing = useIndexing(onIndexed);

  const undoLast = useCallback(async () => {
    try {
      await api.undo(null);
      setNotice(null);
      refresh();
    } catch (e) {
      setNotice((e as Error).message);
    }
  }, [refresh]);
  // Ctrl/Cmd+Z outside text fields and editors undoes the last operation.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      const typing = el?.closest("input, textarea, select, [contenteditable=true], .cm-editor");
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === "z" && !typing && !editing) {
        e.preventDefault();
        void undoLast();
      }
      if (e.key === "e" && !typing && !e.ctrlKey && !e.metaKey && selected != null && !editing) setEditing(true);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undoLast, editing, selected]);
  const dragging = useDrop(job.start);

  const pick = async (directory: boolean) => {
    const chosen = await open({
      directory,
      multiple: true,
      filters: directory ? undefined : [{ name: t("postFiles"), extensions: POST_EXTENSIONS }],
    });
    if (chosen) void job.start(Array.isArray(chosen) ? chosen : [chosen]);
  };

  const openArchive = async () => {
    const chosen = await open({ multiple: false, filters: [{ name: t("dbFiles"), extensions: ["db", "sqlite"] }] });
    if (typeof chosen !== "string") return;
    try {
      await api.openArchive(chosen);
      setSelected(null);
      setFilter({ kind: "all" });
      setOpenError(null);
      void resetArchive(client);
    } catch (e) {
      setOpenError((e as Error).message);
    }
  };

  // The native File menu runs the same actions as the toolbar.
  const actions = useRef({ pick, openArchive });
  actions.current = { pick, openArchive };
  useEffect(() => {
    const un = events.menuActionEvent.listen((e) => {
      const a = actions.current;
      if (e.payload.action === "open_archive") void a.openArchive();
      else if (e.payload.action === "import_files") void a.pick(false);
      else if (e.payload.action === "import_folder") void a.pick(true);
    });
    return () => void un.then((f) => f());
  }, []);

  const running = job.state.phase === "running";
  return (
    <div className="app">
      <header className="toolbar">
        <span className="brand">Gazette</span>
        <button onClick={() => void pick(false)} disabled={running} data-testid="import-files">{t("importFiles")}</button>
        <button onClick={() => void pick(true)} disabled={running} data-testid="import-folder">{t("importFolder")}</button>
        <button onClick={() => void openArchive()} disabled={running}>{t("openArchive")}</button>
        <button onClick={() => setBulkOpen(true)} disabled={running} data-testid="bulk-edit">
          {marked.size > 0 ? t("bulkEditMarked", { count: marked.size }) : t("bulkEdit")}
        </button>
        <button onClick={() => setExportOpen(true)} disabled={running} data-testid="export">{t("exportButton")}</button>
        <button onClick={() => setPublishOpen(true)} disabled={running} data-testid="publish">{t("publishButton")}</button>
        <button onClick={() => setDuplicatesOpen(true)} disabled={running} data-testid="duplicates">{t("duplicatesButton")}</button>
        {marked.size > 0 && <button onClick={() => setMarked(new Set())} data-testid="clear-marks">{t("clearMarks")}</button>}
        <button onClick={() => void undoLast()} disabled={!lastOp} title={lastOp ? t("undoTitle", { what: lastOp.description }) : t("nothingToUndo")} data-testid="undo">{t("undoLast")}</button>
        <SearchBox onSearch={onSearch} sort={sort} onSort={setSort} value={boxValue} />
        <span className="archive-path" title={info.data?.path}>{info.data?.path}</span>
      </header>
      {notice && (
        <div className="banner error" role="alert" onClick={() => setNotice(null)}>
          {notice}
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
          onAll={() => (query ? (setBoxValue(""), setQuery("")) : setFilter({ kind: "all" }))}
          onPick={pickFacet}
        />
        {query ? (
          <SearchResultsList query={query} sort={sort} selected={selected} onSelect={select} marked={marked} onMark={mark} />
        ) : (
          <PostList filter={filter} selected={selected} onSelect={select} marked={marked} onMark={mark} />
        )}
        {editing && selected != null ? (
          <Editor
            key={selected}
            id={selected}
            categories={Object.keys(stats?.categories ?? {})}
            tags={Object.keys(stats?.tags ?? {})}
            onClose={closeEditor}
            onSaved={refresh}
            onDirty={onDirty}
          />
        ) : (
          <Reader id={selected} onEdit={() => setEditing(true)} />
        )}
      </main>
      <ImportStatus
        state={job.state}
        onCancel={job.cancel}
        onDismiss={job.dismiss}
        onShowDuplicates={() => (job.dismiss(), setDuplicatesOpen(true))}
        onUndo={async () => {
          // The import just shown is the newest import operation.
          const ops = await api.operations(50);
          const last = ops.find((o) => o.kind === "import" && o.undone_by == null);
          job.dismiss();
          if (!last) return;
          try {
            await api.undo(last.id);
          } catch (e) {
            setNotice((e as Error).message);
          }
          refresh();
        }}
      />
      {job.state.phase !== "running" && <IndexStatus state={indexing.state} onRetry={indexing.retry} onDismiss={indexing.dismiss} />}
      {dragging && <div className="drop-overlay">{t("dropHere")}</div>}
      {bulkOpen && (
        <BulkDialog
          query={query || filterQuery(filter)}
          ids={marked.size > 0 ? [...marked] : null}
          onClose={() => setBulkOpen(false)}
          onDone={refresh}
        />
      )}
      {exportOpen && (
        <ExportDialog
          query={query || filterQuery(filter)}
          marked={[...marked]}
          onClose={() => setExportOpen(false)}
          onOpenPost={(id) => (setExportOpen(false), select(id))}
        />
      )}
      {duplicatesOpen && (
        <DuplicatesDialog onClose={() => setDuplicatesOpen(false)} onChanged={refresh} onOpenPost={(id) => (setDuplicatesOpen(false), select(id))} />
      )}
      {publishOpen && (
        <PublishDialog onClose={() => setPublishOpen(false)} onOpenPost={(id) => (setPublishOpen(false), select(id))} />
      )}
      {pending != null && (
        <div className="dialog-backdrop" role="dialog" aria-modal="true">
          <div className="dialog" data-testid="discard-dialog">
            <p>{t("discardPrompt")}</p>
            <div className="dialog-buttons">
              <button type="button" onClick={discard} data-testid="discard">{pending === "quit" ? t("discardQuit") : t("discard")}</button>
              <button type="button" className="primary" onClick={() => setPending(null)}>{t("keepEditing")}</button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
