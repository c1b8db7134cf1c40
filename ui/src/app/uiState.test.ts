import { describe, expect, it } from "vitest";
import { type UiAction, type UiState, initialUiState, uiReducer } from "./uiState";

/** Runs actions from a state; every state on the way is frozen, so a
 * reducer that changed its input would throw. */
function run(from: Partial<UiState>, ...actions: UiAction[]): UiState {
  let state = Object.freeze({ ...initialUiState, ...from });
  for (const a of actions) state = Object.freeze(uiReducer(state, a));
  return state;
}

const marked = (s: UiState) => [...s.marked].sort((a, b) => a - b);

describe("the window's state", () => {
  it("marks toggle one by one and add by range", () => {
    const s = run({}, { type: "mark", ids: [3], mode: "toggle" }, { type: "mark", ids: [1, 2, 3], mode: "add" }, { type: "mark", ids: [2], mode: "toggle" });
    expect(marked(s)).toEqual([1, 3]);
    expect(marked(run(s, { type: "clearMarks" }))).toEqual([]);
  });

  it("a new search or filter starts a new selection; the same search keeps it", () => {
    const m: UiAction = { type: "mark", ids: [7], mode: "add" };
    expect(marked(run({ query: "rust" }, m, { type: "search", query: "rust" }))).toEqual([7]);
    expect(marked(run({ query: "rust" }, m, { type: "search", query: "go" }))).toEqual([]);
    expect(marked(run({}, m, { type: "filter", filter: { kind: "tag", name: "x" } }))).toEqual([]);
    // The sort is not a new selection.
    expect(marked(run({ query: "rust" }, m, { type: "sort", sort: "date" }))).toEqual([7]);
  });

  it("a facet narrows the search when there is one, else the list", () => {
    const inSearch = run({ query: "赣州" }, { type: "pickFacet", entry: { kind: "year", name: "2022", n: 3 } });
    expect([inSearch.query, inSearch.boxValue, inSearch.filter]).toEqual(["赣州 year:2022", "赣州 year:2022", { kind: "all" }]);
    expect(run({}, { type: "pickFacet", entry: { kind: "year", name: "2022", n: 3 } }).filter).toEqual({ kind: "year", year: 2022 });
    expect(run({}, { type: "pickFacet", entry: { kind: "tag", name: "LyLy TV", n: 1 } }).filter).toEqual({ kind: "tag", name: "LyLy TV" });
  });

  it("show all leaves the search, or clears the filter", () => {
    const left = run({ query: "rust", boxValue: "rust", filter: { kind: "tag", name: "x" } }, { type: "showAll" });
    expect([left.query, left.boxValue, left.filter]).toEqual(["", "", { kind: "tag", name: "x" }]);
    expect(run({ filter: { kind: "tag", name: "x" } }, { type: "showAll" }).filter).toEqual({ kind: "all" });
  });

  it("selecting another post leaves the editor, unless it has unsaved changes", () => {
    const editing = { selected: 1, editing: true };
    const clean = run(editing, { type: "select", id: 2, dirty: false });
    expect([clean.selected, clean.editing, clean.pending]).toEqual([2, false, null]);
    const same = run(editing, { type: "select", id: 1, dirty: true });
    expect([same.selected, same.editing, same.pending]).toEqual([1, true, null]);

    const asked = run(editing, { type: "select", id: 2, dirty: true });
    expect([asked.selected, asked.editing, asked.pending]).toEqual([1, true, 2]);
    const kept = run(asked, { type: "keepEditing" });
    expect([kept.selected, kept.editing, kept.pending]).toEqual([1, true, null]);
    const dropped = run(asked, { type: "discard" });
    expect([dropped.selected, dropped.editing, dropped.pending]).toEqual([2, false, null]);

    const deselect = run(editing, { type: "select", id: null, dirty: true });
    expect(deselect.pending).toBe("close");
  });

  it("closing the editor with unsaved changes asks; discarding stays on the post", () => {
    const asked = run({ selected: 4, editing: true }, { type: "closeEditor", dirty: true });
    expect(asked.pending).toBe("close");
    const closed = run(asked, { type: "discard" });
    expect([closed.selected, closed.editing, closed.pending]).toEqual([4, false, null]);
    expect(run({ selected: 4, editing: true }, { type: "closeEditor", dirty: false }).editing).toBe(false);
    expect(run({ selected: 4, editing: true }, { type: "askQuit" }).pending).toBe("quit");
  });

  it("a dialog's link to a post closes the dialog and selects the post", () => {
    const s = run({}, { type: "openDialog", dialog: "export" }, { type: "openPost", id: 9, dirty: false });
    expect([s.dialog, s.selected]).toEqual([null, 9]);
    const asked = run({ selected: 1, editing: true, dialog: "publish" }, { type: "openPost", id: 9, dirty: true });
    expect([asked.dialog, asked.selected, asked.pending]).toEqual([null, 1, 9]);
  });

  it("another archive starts over; a failed open is shown until the next refresh", () => {
    const failed = run({ selected: 3, filter: { kind: "year", year: 2020 } }, { type: "openFailed", message: "not a Gazette archive" });
    expect([failed.openError, failed.selected]).toEqual(["not a Gazette archive", 3]);
    expect(run(failed, { type: "refreshed" }).openError).toBeNull();
    const opened = run(failed, { type: "mark", ids: [1], mode: "add" }, { type: "archiveOpened" });
    expect([opened.selected, opened.filter, opened.openError, marked(opened)]).toEqual([null, { kind: "all" }, null, []]);
  });

  it("an error notice stays until dismissed", () => {
    const s = run({}, { type: "notice", message: "nothing to undo" });
    expect(s.notice).toBe("nothing to undo");
    expect(run(s, { type: "notice", message: null }).notice).toBeNull();
  });
});
