import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Facets, Stats } from "../../api";

const FOLDED = 12;

/** A facet value and its count. */
export type Entry = { kind: "collection" | "year" | "category" | "tag"; name: string; n: number };

/** Jekyll collections are a section only when there are several: an
 * archive of one site's posts alone has nothing to choose between. */
const several = (entries: Entry[]) => (entries.length > 1 ? entries : []);

/** The sidebar's sections from archive-wide counts. JS objects list
 * integer-like keys ("2022", "996") first, so the order is set here. */
export function entriesFromStats(stats: Stats | null): Entry[][] {
  const byCount = (a: Entry, b: Entry) => b.n - a.n || a.name.localeCompare(b.name);
  const of = (kind: Entry["kind"], m: Record<string, number> | undefined) =>
    Object.entries(m ?? {}).map(([name, n]) => ({ kind, name, n }));
  return [
    several(of("collection", stats?.collections).sort(byCount)),
    of("year", stats?.years).sort((a, b) => Number(b.name) - Number(a.name)),
    of("category", stats?.categories).sort(byCount),
    of("tag", stats?.tags).sort(byCount),
  ];
}

/** The sidebar's sections from a search's facet counts (already ordered). */
export function entriesFromFacets(f: Facets | null): Entry[][] {
  const of = (kind: Entry["kind"], list: [string, number][] | undefined) => (list ?? []).map(([name, n]) => ({ kind, name, n }));
  return [several(of("collection", f?.collections)), of("year", f?.years), of("category", f?.categories), of("tag", f?.tags)];
}

type Props = {
  heading: string;
  total: number | null;
  sections: Entry[][];
  /** Key of the selected entry (`kind:name`), or "all". */
  current: string;
  onAll: () => void;
  onPick: (e: Entry) => void;
};

/** Collections, years, categories and tags with counts; a click narrows
 * the list. */
export function Sidebar({ heading, total, sections, current, onAll, onPick }: Props) {
  const { t } = useTranslation();
  const titles: Record<Entry["kind"], string> = { collection: t("collections"), year: t("years"), category: t("categories"), tag: t("tags") };
  return (
    <nav className="sidebar" aria-label="facets">
      <button className={`facet all ${current === "all" ? "selected" : ""}`} onClick={onAll} data-testid="facet-all">
        <span>{heading}</span>
        <span className="count">{total ?? ""}</span>
      </button>
      {sections.map((entries) =>
        entries.length === 0 ? null : (
          <Section key={entries[0].kind} title={titles[entries[0].kind]} entries={entries} current={current} onPick={onPick} />
        ),
      )}
    </nav>
  );
}

function Section({ title, entries, current, onPick }: { title: string; entries: Entry[]; current: string; onPick: (e: Entry) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (entries.length === 0) return null;
  const shown = open ? entries : entries.slice(0, FOLDED);
  // Jekyll's own collections by their names in the UI's language; a
  // site's own labels (`recipes`) as written.
  const label = (e: Entry) =>
    e.kind === "collection" && e.name === "posts" ? t("collectionPosts") : e.kind === "collection" && e.name === "pages" ? t("collectionPages") : e.name;
  return (
    <section className="facet-section" data-testid={`facets-${entries[0].kind}`}>
      <h3>{title}</h3>
      {shown.map((e) => (
        <button
          key={`${e.kind}:${e.name}`}
          className={`facet ${current === `${e.kind}:${e.name}` ? "selected" : ""}`}
          onClick={() => onPick(e)}
          title={e.name}
        >
          <span className="label">{label(e)}</span>
          <span className="count">{e.n}</span>
        </button>
      ))}
      {entries.length > FOLDED && (
        <button className="more" onClick={() => setOpen(!open)}>
          {open ? t("showFewer") : t("showAll", { count: entries.length })}
        </button>
      )}
    </section>
  );
}
