import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { api, calls } from "./index";

afterEach(() => clearMocks());

describe("the call log", () => {
  it("records each backend call with its name, duration and outcome", async () => {
    mockIPC((cmd) => {
      if (cmd === "stats") return { posts: 3 };
      throw new Error("no such post");
    });
    const before = calls.length;
    await api.stats();
    await expect(api.getPost(7, null)).rejects.toThrow();
    const mine = calls.slice(before);
    expect(mine.map((c) => [c.name, c.ok])).toEqual([
      ["stats", true],
      ["getPost", false],
    ]);
    for (const c of mine) expect(c.ms).toBeGreaterThanOrEqual(0);
    expect((globalThis as { __gazetteCalls?: unknown }).__gazetteCalls).toBe(calls);
  });
});
