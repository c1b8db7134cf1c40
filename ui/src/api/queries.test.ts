import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { PAGE_SIZE, invalidateArchive, invalidateSearches, newQueryClient, queryKeys, searchPageQuery, statsQuery } from "./queries";
import { postPageQuery } from "../features/browse/PostList";

// The backend's side of the IPC, over 250 posts: list_posts and search
// serve `limit` rows from `offset`, as the Rust commands do; every call is
// recorded.
const POSTS = 250;
let calls: Array<{ cmd: string; args: Record<string, unknown> }> = [];

beforeEach(() => {
  calls = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const rows = (offset: number, limit: number) =>
      Array.from({ length: Math.max(0, Math.min(limit, POSTS - offset)) }, (_, i) => ({ id: offset + i, title: `post ${offset + i}` }));
    if (cmd === "list_posts") {
      const q = args.query as { offset: number; limit: number };
      return { total: POSTS, items: rows(q.offset, q.limit) };
    }
    if (cmd === "search") return { total: POSTS, results: rows(args.offset as number, args.limit as number), unindexed: 0 };
    if (cmd === "stats") return { posts: POSTS };
    throw new Error(`unexpected command ${cmd}`);
  });
});
afterEach(() => clearMocks());

describe("list and search pages", () => {
  // Regression: search pages were asked for 50 hits while the virtual list
  // maps rows to pages of 100, so rows 51–100 of each page stayed
  // placeholders. Row i must be item i % PAGE_SIZE of page i / PAGE_SIZE.
  it("search results hold every row of their page", async () => {
    const client = newQueryClient();
    for (let page = 0; page * PAGE_SIZE < POSTS; page++) {
      const data = await client.fetchQuery(searchPageQuery("word", "relevance", page));
      const expected = Math.min(PAGE_SIZE, POSTS - page * PAGE_SIZE);
      expect(data.items.map((h) => h.id)).toEqual(Array.from({ length: expected }, (_, i) => page * PAGE_SIZE + i));
    }
  });

  it("post list pages hold every row of their page", async () => {
    const client = newQueryClient();
    const data = await client.fetchQuery(postPageQuery({ kind: "all" }, 1));
    expect(data.items.map((p) => p.id)).toEqual(Array.from({ length: PAGE_SIZE }, (_, i) => PAGE_SIZE + i));
    expect(calls.map((c) => c.args.query)).toEqual([{ from: null, to: null, category: null, tag: null, year: null, collection: null, offset: PAGE_SIZE, limit: PAGE_SIZE }]);
  });

  it("a timeline range is a list of its own, with the month bounds", async () => {
    const client = newQueryClient();
    await client.fetchQuery(postPageQuery({ kind: "all" }, 0));
    await client.fetchQuery(postPageQuery({ kind: "all" }, 0, { from: "2020-01", to: "2020-03" }));
    expect(calls).toHaveLength(2);
    expect(calls[1].args.query).toMatchObject({ from: "2020-01", to: "2020-03", offset: 0 });
  });

  it("reads a cached page once until it is invalidated", async () => {
    const client = newQueryClient();
    await client.fetchQuery(postPageQuery({ kind: "all" }, 0));
    await client.fetchQuery(postPageQuery({ kind: "all" }, 0));
    expect(calls).toHaveLength(1);
    await invalidateArchive(client);
    await client.fetchQuery(postPageQuery({ kind: "all" }, 0));
    expect(calls).toHaveLength(2);
  });
});

describe("invalidation", () => {
  it("an indexing job's end makes searches stale, not the list or the counts", async () => {
    const client = newQueryClient();
    await client.fetchQuery(searchPageQuery("word", "date", 0));
    await client.fetchQuery(postPageQuery({ kind: "tag", name: "rust" }, 0));
    await client.fetchQuery(statsQuery);
    await invalidateSearches(client);
    const stale = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(stale(queryKeys.searchPage("word", "date", 0))).toBe(true);
    expect(stale(queryKeys.postPage("tag:rust", 0))).toBe(false);
    expect(stale(queryKeys.stats)).toBe(false);
    await invalidateArchive(client);
    expect(stale(queryKeys.postPage("tag:rust", 0))).toBe(true);
    expect(stale(queryKeys.stats)).toBe(true);
  });
});
