import { describe, expect, it } from "vitest";
import { PageCache } from "./pageCache";

const items = Array.from({ length: 250 }, (_, i) => `post ${i}`);

function source() {
  const calls: Array<[number, number]> = [];
  const fetchPage = async (offset: number, limit: number) => {
    calls.push([offset, limit]);
    return { total: items.length, items: items.slice(offset, offset + limit) };
  };
  return { calls, fetchPage };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("PageCache", () => {
  it("loads the page holding an index once and serves its items", async () => {
    const { calls, fetchPage } = source();
    let changes = 0;
    const cache = new PageCache(fetchPage, () => changes++, 100);
    expect(cache.get(120)).toBeUndefined();
    cache.ensure(120);
    cache.ensure(150);
    await settle();
    expect(calls).toEqual([[100, 100]]);
    expect(cache.get(120)).toBe("post 120");
    expect(cache.get(199)).toBe("post 199");
    expect(cache.get(99)).toBeUndefined();
    expect(cache.total).toBe(250);
    expect(changes).toBe(1);
  });

  it("drops results that arrive after it was closed", async () => {
    const { fetchPage } = source();
    let changes = 0;
    const cache = new PageCache(fetchPage, () => changes++, 100);
    cache.ensure(0);
    cache.close();
    await settle();
    expect(cache.get(0)).toBeUndefined();
    expect(changes).toBe(0);
  });

  it("keeps the error of a failed fetch and lets the page be retried", async () => {
    let fail = true;
    const cache = new PageCache(
      async () => {
        if (fail) throw new Error("db locked");
        return { total: 1, items: ["x"] };
      },
      () => {},
      100,
    );
    cache.ensure(0);
    await settle();
    expect((cache.error as Error).message).toBe("db locked");
    fail = false;
    cache.ensure(0);
    await settle();
    expect(cache.get(0)).toBe("x");
  });
});
