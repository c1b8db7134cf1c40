import { describe, expect, it } from "vitest";
import { splitIsoDate } from "./postDate";

describe("splitIsoDate", () => {
  it("keeps the written day whatever the machine's zone (BR-08)", () => {
    expect(splitIsoDate("2024-08-08T22:44:26-07:00")).toEqual({ day: "2024-08-08", time: "22:44:26", offset: "-07:00" });
  });
  it("handles fractions, no offset and missing dates", () => {
    expect(splitIsoDate("2019-10-15T03:10:47.250+00:00")?.time).toBe("03:10:47");
    expect(splitIsoDate("2018-06-03T00:00:00")).toEqual({ day: "2018-06-03", time: "00:00:00", offset: "" });
    expect(splitIsoDate(null)).toBeNull();
    expect(splitIsoDate("garbage")).toBeNull();
  });
});
