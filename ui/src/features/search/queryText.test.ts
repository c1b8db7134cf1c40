import { describe, expect, it } from "vitest";
import { addTerm, filterTerm } from "./queryText";

describe("query text", () => {
  it("quotes names with spaces", () => {
    expect(filterTerm("tag", "LyLy TV越南生活")).toBe('tag:"LyLy TV越南生活"');
    expect(filterTerm("category", "Archive")).toBe("category:Archive");
    expect(filterTerm("year", "2022")).toBe("year:2022");
  });
  it("adds a term once", () => {
    expect(addTerm("赣州", "year:2022")).toBe("赣州 year:2022");
    expect(addTerm("赣州 year:2022", "year:2022")).toBe("赣州 year:2022");
    expect(addTerm("", "tag:x")).toBe("tag:x");
  });
});
