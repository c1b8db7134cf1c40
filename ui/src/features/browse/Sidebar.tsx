import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Stats } from "../../api";
import { type Filter, filterKey } from "./filter";

const FOLDED = 12;

type Props = { stats: Stats | null; filter: Filter; onFilter: (f: Filter) => void };

/** Categories, tags and years with their counts; a click narrows the list. */
export function Sidebar({ stats, filter, onFilter }: Props) {
  const { t } = useTranslation();
  const current = filterKey(filter);
  // JS objects list integer-like keys ("2022", "996") first, so order here.
  const years = Object.entries(stats?.years ?? {})
    .map(([y, n]) => ({ f: { kind: "year", year: Number(y) } as Filter, label: y, n }))
    .sort((a, b) => Number(b.label) - Number(a.label));
  const byCount = (a: Entry, b: Entry) => b.n - a.n || a.label.localeCompare(b.label);
  const categories = Object.entries(stats?.categories ?? {})
    .map(([c, n]) => ({ f: { kind: "category", name: c } as Filter, label: c, n }))
    .sort(byCount);
  const tags = Object.entries(stats?.tags ?? {})
    .map(([c, n]) => ({ f: { kind: "tag", name: c } as Filter, label: c, n }))
    .sort(byCount);
  return (
    <nav className="sidebar" aria-label="facets">
      <button
        className={`facet all ${current === "all" ? "selected" : ""}`}
        onClick={() => onFilter({ kind: "all" })}
        data-testid="facet-all"
      >
        <span>{t("allPosts")}</span>
        <span className="count">{stats?.posts ?? 0}</span>
      </button>
      <Section title={t("years")} entries={years} current={current} onFilter={onFilter} />
      <Section title={t("categories")} entries={categories} current={current} onFilter={onFilter} />
      <Section title={t("tags")} entries={tags} current={current} onFilter={onFilter} />
    </nav>
  );
}

type Entry = { f: Filter; label: string; n: number };

function Section({ title, entries, current, onFilter }: { title: string; entries: Entry[]; current: string; onFilter: (f: Filter) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (entries.length === 0) return null;
  const shown = open ? entries : entries.slice(0, FOLDED);
  return (
    <section className="facet-section">
      <h3>{title}</h3>
      {shown.map((e) => (
        <button
          key={filterKey(e.f)}
          className={`facet ${current === filterKey(e.f) ? "selected" : ""}`}
          onClick={() => onFilter(e.f)}
          title={e.label}
        >
          <span className="label">{e.label}</span>
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
