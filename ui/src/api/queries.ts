// Server state as TanStack Query queries: what the window shows of the
// archive (its path, counts, posts, pages of lists and searches) is cached
// under the keys below and read again only when it is invalidated, after a
// mutation (save, bulk edit, delete, undo, open archive) or a backend event
// (import or indexing finished). Nothing refetches on its own: the archive
// changes only through those, so cached data is fresh until invalidated.
import { QueryClient, type QueryKey, queryOptions } from "@tanstack/react-query";
import { api, type NameKind, type SearchHit, type Sort, type TimelineBy } from "./index";

/** Rows per page, for the post list and search results alike (the virtual
 * list maps a row index to its page with it). */
export const PAGE_SIZE = 100;

/** One page of a list: `items` from row `page * PAGE_SIZE`, and the number
 * of rows over all pages. */
export type Page<T> = { total: number; items: T[] };

/** The query of one page of a list, as the virtual list runs it. */
export type PageQuery<T> = { queryKey: QueryKey; queryFn: () => Promise<Page<T>> };

/**
 * Every query key, by the data it holds. Prefixes group what one kind of
 * change makes stale: an indexing job's end touches `search` and `facets`
 * only; any change of the archive touches everything.
 */
export const queryKeys = {
  archiveInfo: ["archive-info"] as const,
  stats: ["stats"] as const,
  /** The newest operations (for the toolbar's Undo). */
  operations: ["operations"] as const,
  /** One post as the reader shows it (with the words of the search
   * `query` marked, "" for none); `["post"]` is every post. */
  post: (id: number, query = "") => ["post", id, query] as const,
  allPosts: ["post"] as const,
  /** Page `page` of the post list under a sidebar filter (`filterKey`). */
  postPage: (filter: string, page: number) => ["posts", filter, page] as const,
  /** Page `page` of a search's results; `["search"]` is every search. */
  searchPage: (query: string, sort: string, page: number) => ["search", query, sort, page] as const,
  searches: ["search"] as const,
  /** A post's revisions, newest first, and one revision's diff against the
   * post's current text. */
  history: (id: number) => ["history", id] as const,
  revisionDiff: (id: number, revision: number) => ["history", id, "diff", revision] as const,
  /** A search's facet counts; `["facets"]` is every search's. */
  facets: (query: string) => ["facets", query] as const,
  allFacets: ["facets"] as const,
  /** Posts per month or year among a search's (or filter's) posts. */
  timeline: (query: string, by: string) => ["timeline", query, by] as const,
  timelines: ["timeline"] as const,
  /** Every tag or category with its count. */
  names: (kind: string) => ["names", kind] as const,
  /** The Jekyll sites posts are published to (with when each last was). */
  sites: ["sites"] as const,
  /** The conflicts syncs left, and the posts syncs changed not opened yet. */
  conflicts: ["conflicts"] as const,
  syncMarks: ["sync-marks"] as const,
  /** One conflict's three sides. */
  conflictSides: (id: number) => ["conflicts", id] as const,
  /** The open archive's own settings (remote images, the default site). */
  archiveSettings: ["archive-settings"] as const,
  /** The app's settings (theme, language, recent archives). */
  appSettings: ["app-settings"] as const,
} satisfies Record<string, QueryKey | ((...args: never[]) => QueryKey)>;

/** The one client of the window (main.tsx), and of tests. Data never goes
 * stale by time and failed reads are not retried: they show their error, as
 * a direct call would. */
export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: Infinity, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
    },
  });
}

/** After anything that may change the archive: every query is read again
 * (those on screen now, the others when next shown). */
export function invalidateArchive(client: QueryClient): Promise<void> {
  return client.invalidateQueries();
}

/** After another archive was opened: nothing cached belongs to it, so every
 * query is emptied (none shows the old archive's data meanwhile) and those
 * on screen are read again. */
export function resetArchive(client: QueryClient): Promise<void> {
  return client.resetQueries();
}

/** After the search index changed (an indexing job ended): searches and
 * their facets only; the list, the reader and the counts stay. */
export async function invalidateSearches(client: QueryClient): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: queryKeys.searches }),
    client.invalidateQueries({ queryKey: queryKeys.allFacets }),
    client.invalidateQueries({ queryKey: queryKeys.timelines }),
  ]);
}

export const archiveInfoQuery = queryOptions({ queryKey: queryKeys.archiveInfo, queryFn: () => api.archiveInfo() });

export const statsQuery = queryOptions({ queryKey: queryKeys.stats, queryFn: () => api.stats() });

/** The newest operation the toolbar's Undo undoes (not an import, which
 * its own bar undoes; one that changed posts), or null. */
export const lastUndoableQuery = queryOptions({
  queryKey: queryKeys.operations,
  queryFn: () => api.operations(20),
  select: (ops) => ops.find((o) => o.undone_by == null && o.kind !== "import" && o.posts > 0) ?? null,
});

export const postQuery = (id: number, query = "") =>
  queryOptions({ queryKey: queryKeys.post(id, query), queryFn: () => api.getPost(id, query || null) });

/** A page of search results, with how many posts the index has not reached. */
export type SearchPage = Page<SearchHit> & { unindexed: number };

/** Page `page` of a search's results, PAGE_SIZE hits like the post list. */
export const searchPageQuery = (query: string, sort: Sort, page: number) => ({
  queryKey: queryKeys.searchPage(query, sort, page),
  queryFn: async (): Promise<SearchPage> => {
    const r = await api.search(query, sort, PAGE_SIZE, page * PAGE_SIZE);
    return { total: r.total, items: r.results, unindexed: r.unindexed };
  },
});

/** A search's facet counts for the sidebar; nothing to read without a query. */
export const facetsQuery = (query: string) =>
  queryOptions({ queryKey: queryKeys.facets(query), queryFn: () => api.searchFacets(query), enabled: query !== "" });

/** The timeline's counts for a query ("" = every post). */
export const timelineQuery = (query: string, by: TimelineBy) =>
  queryOptions({ queryKey: queryKeys.timeline(query, by), queryFn: () => api.timeline(query, by) });

/** Every tag or category with its post count. */
export const namesQuery = (kind: NameKind) => queryOptions({ queryKey: queryKeys.names(kind), queryFn: () => api.nameCounts(kind) });

export const sitesQuery = queryOptions({ queryKey: queryKeys.sites, queryFn: () => api.sites() });

export const archiveSettingsQuery = queryOptions({ queryKey: queryKeys.archiveSettings, queryFn: () => api.archiveSettings() });

export const conflictsQuery = queryOptions({ queryKey: queryKeys.conflicts, queryFn: () => api.conflicts() });

/** The ids of posts a sync changed that were not opened since, as a set. */
export const syncMarksQuery = queryOptions({
  queryKey: queryKeys.syncMarks,
  queryFn: () => api.syncMarks(),
  select: (ids): ReadonlySet<number> => new Set(ids),
});
