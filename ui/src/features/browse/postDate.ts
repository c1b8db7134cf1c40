// Dates are shown as the author wrote them, in the post's own UTC offset.
// They are never passed through `Date`, which would move them into the
// machine's time zone (case BR-08: 22:44 at -07:00 stays on 8 August).

/** "2024-08-08T22:44:26-07:00" → { day: "2024-08-08", time: "22:44:26", offset: "-07:00" }. */
export function splitIsoDate(iso: string | null | undefined): { day: string; time: string; offset: string } | null {
  if (!iso) return null;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(iso);
  if (!m) return null;
  return { day: m[1], time: m[2], offset: m[3] === "Z" ? "+00:00" : (m[3] ?? "") };
}
