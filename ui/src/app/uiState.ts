// The window's own state, apart from the archive's data (that is server
// state, in TanStack Query: api/queries.ts): what the list shows (a sidebar
// filter or a search), the post selected and whether it is being edited, the
// posts marked for a bulk edit, which dialog is open, and the messages shown.
// One reducer, so each user action is one named transition.
import type { Sort } from "../api";
import type { Entry } from "../features/browse/Sidebar";
import type { Filter } from "../features/browse/filter";
import { addTerm, filterTerm } from "../features/search/queryText";
import type { DateRange } from "../features/timeline/range";

/** The toolbar's dialogs; one is open at a time (each is modal). */
export type Dialog = "bulk" | "export" | "publish" | "duplicates" | "conflicts" | "newPost" | "shortcuts" | "settings" | "names";

/** Where to go once unsaved edits are discarded: another post (its id),
 * out of the editor, or out of the app. */
export type Pending = number | "close" | "quit";

export type UiState = {
  /** The sidebar filter of the post list (when there is no search). */
  filter: Filter;
  /** The search run; "" shows the post list instead. */
  query: string;
  /** The timeline's range of months narrowing the list or the search. */
  range: DateRange | null;
  /** Text put into the search box from outside it (a facet picked). */
  boxValue: string;
  sort: Sort;
  selected: number | null;
  editing: boolean;
  /** Asking whether to discard unsaved edits, and where to go then. */
  pending: Pending | null;
  dialog: Dialog | null;
  /** Ids marked for a bulk edit or an export. A new search or filter starts
   * a new selection. */
  marked: ReadonlySet<number>;
  /** An error of an action (an undo that failed), shown until clicked. */
  notice: string | null;
  /** Opening another archive failed; shown until the next refresh. */
  openError: string | null;
};

export const initialUiState: UiState = {
  filter: { kind: "all" },
  query: "",
  range: null,
  boxValue: "",
  sort: "relevance",
  selected: null,
  editing: false,
  pending: null,
  dialog: null,
  marked: new Set(),
  notice: null,
  openError: null,
};

/** `dirty`: the editor holds unsaved changes (it tells the window, which
 * keeps it outside this state: it changes on every key press). */
export type UiAction =
  | { type: "search"; query: string }
  | { type: "sort"; sort: Sort }
  | { type: "filter"; filter: Filter }
  /** A range picked on the timeline, or null to clear it. */
  | { type: "range"; range: DateRange | null }
  /** A sidebar entry: narrows the search if there is one, else the list. */
  | { type: "pickFacet"; entry: Entry }
  /** The sidebar's first entry: leaves the search, or shows every post. */
  | { type: "showAll" }
  | { type: "mark"; ids: number[]; mode: "toggle" | "add" }
  | { type: "clearMarks" }
  | { type: "select"; id: number | null; dirty: boolean }
  | { type: "edit" }
  | { type: "closeEditor"; dirty: boolean }
  /** The window is closing with unsaved changes. */
  | { type: "askQuit" }
  /** Unsaved changes are dropped: go where `pending` said (not "quit",
   * which the window does itself). */
  | { type: "discard" }
  | { type: "keepEditing" }
  | { type: "openDialog"; dialog: Dialog }
  | { type: "closeDialog" }
  /** A dialog's link to a post: the dialog closes, the post is selected. */
  | { type: "openPost"; id: number; dirty: boolean }
  | { type: "notice"; message: string | null }
  | { type: "archiveOpened" }
  | { type: "openFailed"; message: string }
  | { type: "refreshed" };

const noMarks: ReadonlySet<number> = new Set();

function withQuery(state: UiState, query: string): UiState {
  return query === state.query ? state : { ...state, query, marked: noMarks };
}

function withFilter(state: UiState, filter: Filter): UiState {
  return { ...state, filter, marked: noMarks };
}

// Leaving a post with unsaved changes asks first.
function select(state: UiState, id: number | null, dirty: boolean): UiState {
  if (state.editing && dirty && id !== state.selected) return { ...state, pending: id ?? "close" };
  return { ...state, selected: id, editing: id !== state.selected ? false : state.editing };
}

/** The next state after an action; the state given is never changed. */
export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case "search":
      return withQuery(state, action.query);
    case "sort":
      return { ...state, sort: action.sort };
    case "filter":
      return withFilter(state, action.filter);
    case "range":
      return { ...state, range: action.range, marked: noMarks };
    case "pickFacet": {
      const e = action.entry;
      if (state.query) {
        const next = addTerm(state.query, filterTerm(e.kind, e.name));
        return withQuery({ ...state, boxValue: next }, next);
      }
      return withFilter(state, e.kind === "year" ? { kind: "year", year: Number(e.name) } : { kind: e.kind, name: e.name });
    }
    case "showAll":
      return state.query ? withQuery({ ...state, boxValue: "" }, "") : withFilter(state, { kind: "all" });
    case "mark": {
      const next = new Set(state.marked);
      for (const id of action.ids) {
        if (action.mode === "toggle" && next.has(id)) next.delete(id);
        else next.add(id);
      }
      return { ...state, marked: next };
    }
    case "clearMarks":
      return { ...state, marked: noMarks };
    case "select":
      return select(state, action.id, action.dirty);
    case "edit":
      return { ...state, editing: true };
    case "closeEditor":
      return action.dirty ? { ...state, pending: "close" } : { ...state, editing: false };
    case "askQuit":
      return { ...state, pending: "quit" };
    case "discard":
      return {
        ...state,
        editing: false,
        selected: typeof state.pending === "number" ? state.pending : state.selected,
        pending: null,
      };
    case "keepEditing":
      return { ...state, pending: null };
    case "openDialog":
      return { ...state, dialog: action.dialog };
    case "closeDialog":
      return { ...state, dialog: null };
    case "openPost":
      return select({ ...state, dialog: null }, action.id, action.dirty);
    case "notice":
      return { ...state, notice: action.message };
    case "archiveOpened":
      return { ...withFilter(state, { kind: "all" }), range: null, selected: null, openError: null };
    case "openFailed":
      return { ...state, openError: action.message };
    case "refreshed":
      return state.openError == null ? state : { ...state, openError: null };
  }
}
