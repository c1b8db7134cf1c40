import { describe, expect, it } from "vitest";
import { autoBy, fillBars, inRange, rangeLabel, rangeOf, withRange } from "./range";

describe("timeline range", () => {
  it("fills the empty months and years between buckets", () => {
    expect(fillBars([{ period: "2021-11", posts: 2 }, { period: "2022-02", posts: 5 }], "month")).toEqual([
      { period: "2021-11", posts: 2 },
      { period: "2021-12", posts: 0 },
      { period: "2022-01", posts: 0 },
      { period: "2022-02", posts: 5 },
    ]);
    expect(fillBars([{ period: "2019", posts: 1 }, { period: "2021", posts: 3 }], "year").map((b) => b.posts)).toEqual([1, 0, 3]);
    expect(fillBars([], "month")).toEqual([]);
  });
  it("zooms out to years over four years", () => {
    expect(autoBy([{ period: "2020-01", posts: 1 }, { period: "2023-12", posts: 1 }])).toBe("month");
    expect(autoBy([{ period: "2020-01", posts: 1 }, { period: "2024-01", posts: 1 }])).toBe("year");
  });
  it("makes ranges from bars in either order, years as their months", () => {
    expect(rangeOf("2022-05", "2022-02")).toEqual({ from: "2022-02", to: "2022-05" });
    expect(rangeOf("2021", "2019")).toEqual({ from: "2019-01", to: "2021-12" });
    expect(inRange("2020", { from: "2020-01", to: "2020-12" })).toBe(true);
    expect(inRange("2020-03", { from: "2020-04", to: "2020-12" })).toBe(false);
  });
  it("turns a range into search terms and a label", () => {
    expect(withRange("", { from: "2022-12", to: "2022-12" })).toBe("after:2022-12-01 before:2023-01-01");
    expect(withRange("tag:x ", { from: "2020-01", to: "2020-03" })).toBe("tag:x after:2020-01-01 before:2020-04-01");
    expect(withRange("赣州", null)).toBe("赣州");
    expect(rangeLabel({ from: "2020-01", to: "2020-12" })).toBe("2020");
    expect(rangeLabel({ from: "2019-01", to: "2020-12" })).toBe("2019 – 2020");
    expect(rangeLabel({ from: "2020-03", to: "2020-03" })).toBe("2020-03");
    expect(rangeLabel({ from: "2020-03", to: "2020-05" })).toBe("2020-03 – 2020-05");
  });
});
