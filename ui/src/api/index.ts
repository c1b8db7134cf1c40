// A thin layer over the generated bindings (./bindings.ts, from the Rust
// command signatures): commands either return their data or throw the
// backend's AppError, so components can use try/catch and async/await.
import { commands, events } from "./bindings";
import type { AppError } from "./bindings";

export type {
  AppError,
  ArchiveInfo,
  ImportProgress,
  IndexProgress,
  IndexStatus,
  ImportReport_Serialize as ImportReport,
  ListQuery_Deserialize as ListQuery,
  PostPage_Serialize as PostPage,
  PostSummary_Serialize as PostSummary,
  PostView_Serialize as PostView,
  Stats,
  Facets,
  Sort,
  SearchHit_Serialize as SearchHit,
  EditablePost_Serialize as EditablePost,
  FieldEdit,
  TextParts_Serialize as TextParts,
  Revision,
  BulkAction,
  BulkReport_Serialize as BulkReport,
  Operation_Serialize as Operation,
  ExportOptions,
  ExportReport,
  ExportTarget,
  PublishFile_Serialize as PublishFile,
  PublishOptions,
  PublishReport_Serialize as PublishReport,
  Site_Serialize as Site,
  Conflict,
  ConflictSides_Serialize as ConflictSides,
  ResolveChoice,
  SyncFinishedEvent_Serialize as SyncFinishedEvent,
  SyncProgressEvent,
  SyncReport_Serialize as SyncReport,
  DuplicateGroupView_Serialize as DuplicateGroupView,
  DuplicateMember,
  AppSettingsView,
  ArchiveSettings_Serialize as ArchiveSettings,
  Language,
  LanguageChoice,
  ThemeChoice,
  Timeline,
  TimelineBucket,
  TimelineBy,
  NameCount,
  NameKind,
  NameEdit,
} from "./bindings";
export { events };

/** Thrown by `api.*` when a command fails: carries the backend's code.
 * Tauri itself rejects with a plain string (a command the capabilities do
 * not grant, a malformed argument): code `ipc` then. */
export class CommandError extends Error {
  readonly code: string;
  constructor(e: AppError | string) {
    super(typeof e === "string" ? e : e.message);
    this.code = typeof e === "string" ? "ipc" : e.code;
  }
}

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: AppError | string };

async function unwrap<T>(r: Promise<Result<T>>): Promise<T> {
  const result = await r;
  if (result.status === "error") throw new CommandError(result.error);
  return result.data;
}

type Commands = typeof commands;
type Unwrapped = {
  [K in keyof Commands]: (
    ...args: Parameters<Commands[K]>
  ) => Promise<Awaited<ReturnType<Commands[K]>> extends Result<infer T> ? T : never>;
};

/** One backend call: its command, when it started (ms since the page
 * loaded, `performance.now()`) and how long it took (ms), `ok` false when
 * it failed. */
export type Call = { name: string; start: number; ms: number; ok: boolean };

/** The last 500 backend calls, oldest first: read by the start-up
 * measurement (E2E, the 1M-post benchmark) as `window.__gazetteCalls`,
 * and handy in the webview's inspector. */
export const calls: Call[] = [];
(globalThis as { __gazetteCalls?: Call[] }).__gazetteCalls = calls;

async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  let ok = false;
  try {
    const value = await run();
    ok = true;
    return value;
  } finally {
    if (calls.length >= 500) calls.shift();
    calls.push({ name, start, ms: performance.now() - start, ok });
  }
}

/** Every backend command, returning its data or throwing CommandError. */
export const api = Object.fromEntries(
  Object.entries(commands).map(([name, fn]) => [
    name,
    (...args: unknown[]) => timed(name, () => unwrap((fn as (...a: unknown[]) => Promise<Result<unknown>>)(...args))),
  ]),
) as Unwrapped;
