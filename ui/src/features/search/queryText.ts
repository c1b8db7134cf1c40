// Building query text from the UI: a facet clicked during a search adds a
// filter to the query the user typed.

/** `tag:x`, quoted when the name has spaces or quotes are needed. */
export function filterTerm(field: "tag" | "category" | "year" | "collection", name: string): string {
  return /[\s"]/.test(name) ? `${field}:"${name.replace(/"/g, "")}"` : `${field}:${name}`;
}

/** The query with `term` added once. */
export function addTerm(query: string, term: string): string {
  const q = query.trim();
  return q.split(/\s+/).includes(term) ? q : q ? `${q} ${term}` : term;
}
