import { describe, expect, it } from "vitest";
import { defaultFirst, preselectedSite } from "./defaultSite";

const sites = [{ id: 3 }, { id: 7 }, { id: 9 }];

describe("the default site", () => {
  it("is preselected when it is a site, else the first site is", () => {
    expect(preselectedSite(sites, 7)).toBe(7);
    expect(preselectedSite(sites, null)).toBe(3);
    expect(preselectedSite(sites, 42)).toBe(3);
    expect(preselectedSite([], 7)).toBeNull();
  });
  it("comes first in the Sync menu, the others keep their order", () => {
    expect(defaultFirst(sites, 9).map((s) => s.id)).toEqual([9, 3, 7]);
    expect(defaultFirst(sites, null).map((s) => s.id)).toEqual([3, 7, 9]);
    expect(defaultFirst(sites, 42).map((s) => s.id)).toEqual([3, 7, 9]);
  });
});
