import type { ListQuery } from "../../api";
import type { DateRange } from "../timeline/range";

/** What the sidebar selected: everything, or one category, tag, year or
 * Jekyll collection (`posts`, `pages`, a label from `collections:`). */
export type Filter =
  | { kind: "all" }
  | { kind: "category"; name: string }
  | { kind: "tag"; name: string }
  | { kind: "year"; year: number }
  | { kind: "collection"; name: string };

/** The list query for a filter, a page and the timeline's range. */
export function toQuery(filter: Filter, offset: number, limit: number, range: DateRange | null = null): ListQuery {
  return {
    from: range?.from ?? null,
    to: range?.to ?? null,
    category: filter.kind === "category" ? filter.name : null,
    tag: filter.kind === "tag" ? filter.name : null,
    year: filter.kind === "year" ? filter.year : null,
    collection: filter.kind === "collection" ? filter.name : null,
    offset,
    limit,
  };
}

/** A stable key for a filter (React keys, effect dependencies). */
export function filterKey(filter: Filter): string {
  switch (filter.kind) {
    case "all":
      return "all";
    case "category":
      return `category:${filter.name}`;
    case "tag":
      return `tag:${filter.name}`;
    case "year":
      return `year:${filter.year}`;
    case "collection":
      return `collection:${filter.name}`;
  }
}

/** The search query that selects the same posts as a sidebar filter. */
export function filterQuery(filter: Filter): string {
  const quote = (s: string) => (/[\s"]/.test(s) ? `"${s.replace(/"/g, "")}"` : s);
  switch (filter.kind) {
    case "all":
      return "";
    case "category":
      return `category:${quote(filter.name)}`;
    case "tag":
      return `tag:${quote(filter.name)}`;
    case "year":
      return `year:${filter.year}`;
    case "collection":
      return `collection:${quote(filter.name)}`;
  }
}
