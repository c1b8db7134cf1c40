import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import "../../i18n";
import type { Stats } from "../../api";
import { initialUiState, uiReducer } from "../../app/uiState";
import { type Entry, Sidebar, entriesFromFacets, entriesFromStats } from "./Sidebar";
import { filterKey, filterQuery, toQuery } from "./filter";

const stats = (collections: Record<string, number>): Stats => ({
  posts: 5,
  categories: { news: 3 },
  tags: {},
  years: { "2024": 5 },
  collections,
});

afterEach(cleanup);

describe("the sidebar's collections", () => {
  it("are a section only when the archive has more than one", () => {
    const kinds = (sections: Entry[][]) => sections.filter((s) => s.length > 0).map((s) => s[0].kind);
    expect(kinds(entriesFromStats(stats({ posts: 5 })))).toEqual(["year", "category"]);
    const two = entriesFromStats(stats({ pages: 2, posts: 3, recipes: 2 }));
    expect(kinds(two)).toEqual(["collection", "year", "category"]);
    // Most first, then by name.
    expect(two[0].map((e) => e.name)).toEqual(["posts", "pages", "recipes"]);
    const facets = { categories: [], tags: [], years: [], collections: [["posts", 3], ["pages", 1]] as [string, number][] };
    expect(kinds(entriesFromFacets(facets))).toEqual(["collection"]);
    expect(kinds(entriesFromFacets({ ...facets, collections: [["posts", 3]] }))).toEqual([]);
  });

  it("pick a collection with its Jekyll name, shown by its UI name", () => {
    const picked: Entry[] = [];
    render(
      <Sidebar heading="All posts" total={5} sections={entriesFromStats(stats({ posts: 3, pages: 2 }))} current="collection:pages" onAll={() => {}} onPick={(e) => picked.push(e)} />,
    );
    const section = screen.getByTestId("facets-collection");
    expect(section.querySelector("h3")?.textContent).toBe("Collections");
    const pages = screen.getByTitle("pages");
    expect(pages.textContent).toBe("Pages2");
    expect(pages.className).toContain("selected");
    fireEvent.click(pages);
    expect(picked).toEqual([{ kind: "collection", name: "pages", n: 2 }]);
  });

  it("narrow the list, or the search, by collection:NAME", () => {
    const entry: Entry = { kind: "collection", name: "pages", n: 2 };
    const listed = uiReducer(initialUiState, { type: "pickFacet", entry });
    expect(listed.filter).toEqual({ kind: "collection", name: "pages" });
    expect(toQuery(listed.filter, 0, 10)).toMatchObject({ collection: "pages", category: null, tag: null, year: null });
    expect(filterKey(listed.filter)).toBe("collection:pages");
    expect(filterQuery(listed.filter)).toBe("collection:pages");
    expect(filterQuery({ kind: "collection", name: "my notes" })).toBe('collection:"my notes"');
    const searched = uiReducer({ ...initialUiState, query: "ruby" }, { type: "pickFacet", entry });
    expect(searched.query).toBe("ruby collection:pages");
  });
});
