import { describe, expect, it } from "vitest";
import type { SyncFinishedEvent, SyncReport } from "../../api";
import { hasMarkers } from "./ConflictsDialog";
import { changedCount, worthShowing } from "./useSync";

const report = (over: Partial<SyncReport> = {}): SyncReport => ({
  pulled: null,
  added: 0,
  updated: 0,
  merged: 0,
  removed: 0,
  moved: 0,
  unchanged: 10,
  conflicts: [],
  failed: [],
  git_error: null,
  operation_id: null,
  cancelled: false,
  files_read: 0,
  ...over,
});

const finished = (automatic: boolean, r: SyncReport | null, error: string | null = null): SyncFinishedEvent => ({
  site_id: 1,
  site: "daily",
  automatic,
  report: r,
  error: error ? { code: "io", message: error } : null,
  queued: 0,
});

describe("sync reports", () => {
  it("a sync the app ran by itself that found nothing stays quiet", () => {
    expect(worthShowing(finished(true, report()))).toBe(false);
    expect(worthShowing(finished(true, report({ added: 1 })))).toBe(true);
    expect(worthShowing(finished(true, report({ conflicts: [{ id: 1, path: "_posts/a.md", kind: "edit/edit" }] })))).toBe(true);
    expect(worthShowing(finished(true, null, "database locked"))).toBe(true);
  });
  it("a sync the user asked for always reports", () => {
    expect(worthShowing(finished(false, report()))).toBe(true);
  });
  it("counts every kind of change", () => {
    expect(changedCount(report({ added: 1, updated: 2, merged: 3, removed: 4, moved: 5 }))).toBe(15);
  });
});

describe("conflict markers", () => {
  it("are found at the start of a line only", () => {
    expect(hasMarkers("a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\n")).toBe(true);
    expect(hasMarkers("a\n=======\n")).toBe(true);
    expect(hasMarkers("title: x <<<<<<< y\n")).toBe(false);
    expect(hasMarkers("========== heading underline\n")).toBe(false);
  });
});
