// The timeline's periods and date range, as plain functions: filling the
// empty months or years between the backend's buckets, the range a click
// or a drag selects, and the query text and list bounds of a range.
import type { TimelineBucket, TimelineBy } from "../../api";

/** A range of months, both ends inclusive (`YYYY-MM`), in each post's own
 * offset (as the year filter). */
export type DateRange = { from: string; to: string };

/** One bar: a period (`YYYY-MM` or `YYYY`) and its posts (0 for a gap). */
export type Bar = { period: string; posts: number };

function monthAfter(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** Every period from the first bucket to the last, gaps as 0 (buckets come
 * oldest first, without empty periods). */
export function fillBars(buckets: TimelineBucket[], by: TimelineBy): Bar[] {
  if (buckets.length === 0) return [];
  const counts = new Map(buckets.map((b) => [b.period, b.posts]));
  const out: Bar[] = [];
  const last = buckets[buckets.length - 1].period;
  let p = buckets[0].period;
  // A bound on the loop: 10,000 years of months.
  for (let i = 0; i < 120000; i++) {
    out.push({ period: p, posts: counts.get(p) ?? 0 });
    if (p === last) break;
    p = by === "month" ? monthAfter(p) : String(Number(p) + 1).padStart(4, "0");
  }
  return out;
}

/** Months when the buckets span at most `maxMonths`, else years. */
export function autoBy(buckets: TimelineBucket[], maxMonths = 48): TimelineBy {
  if (buckets.length === 0) return "month";
  const n = (p: string) => Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7));
  return n(buckets[buckets.length - 1].period) - n(buckets[0].period) < maxMonths ? "month" : "year";
}

/** The months two bars span, in either order (a year is its 12 months). */
export function rangeOf(a: string, b: string): DateRange {
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  return { from: lo.length === 4 ? `${lo}-01` : lo, to: hi.length === 4 ? `${hi}-12` : hi };
}

/** Whether a bar lies inside a range. */
export function inRange(period: string, range: DateRange | null): boolean {
  if (!range) return false;
  const r = rangeOf(period, period);
  return r.from >= range.from && r.to <= range.to;
}

/** The search terms selecting a range: `after:` its first day, `before:`
 * the first day after it (the query language's days; same posts as the
 * list's month bounds). */
export function rangeTerms(range: DateRange): string {
  return `after:${range.from}-01 before:${monthAfter(range.to)}-01`;
}

/** A query narrowed to a range ("" and no range stay ""). */
export function withRange(query: string, range: DateRange | null): string {
  if (!range) return query;
  const q = query.trim();
  return q ? `${q} ${rangeTerms(range)}` : rangeTerms(range);
}

/** A range as a person reads it: `2020-03`, `2020-03 – 2020-05`, or `2020`
 * for a whole year. */
export function rangeLabel(range: DateRange): string {
  const y1 = range.from.slice(0, 4);
  const y2 = range.to.slice(0, 4);
  if (range.from.endsWith("-01") && range.to.endsWith("-12")) return y1 === y2 ? y1 : `${y1} – ${y2}`;
  return range.from === range.to ? range.from : `${range.from} – ${range.to}`;
}
