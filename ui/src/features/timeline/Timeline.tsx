import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { TimelineBy } from "../../api";
import { timelineQuery } from "../../api/queries";
import { type Bar, type DateRange, autoBy, fillBars, inRange, rangeLabel, rangeOf } from "./range";

type Props = {
  /** The search or sidebar filter whose posts are counted ("" = all). */
  query: string;
  /** The range the list is narrowed to, if any. */
  range: DateRange | null;
  onRange: (range: DateRange | null) => void;
};

const W = 360;
const H = 48;

/**
 * Posts per month (or per year when the archive spans more than four
 * years, or when chosen) as bars drawn in SVG; counts come from SQL
 * (`timeline`) for the current search or filter. Click a bar or drag over
 * several to narrow the list to those months; the keyboard moves a cursor
 * (arrows, Home, End; Shift extends), Enter narrows, Escape clears.
 */
export function Timeline({ query, range, onRange }: Props) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<TimelineBy | null>(null);
  const months = useQuery({ ...timelineQuery(query, "month"), placeholderData: keepPreviousData });
  const by: TimelineBy = chosen ?? autoBy(months.data?.buckets ?? []);
  const years = useQuery({ ...timelineQuery(query, "year"), placeholderData: keepPreviousData, enabled: by === "year" });
  const data = by === "year" ? years.data : months.data;
  const bars = useMemo(() => fillBars(data?.buckets ?? [], by), [data, by]);
  const max = Math.max(1, ...bars.map((b) => b.posts));
  const [cursor, setCursor] = useState<number | null>(null);
  const [anchor, setAnchor] = useState<number | null>(null);
  const drag = useRef<number | null>(null);
  const [dragEnd, setDragEnd] = useState<number | null>(null);
  const svg = useRef<SVGSVGElement>(null);

  const barTitle = (b: Bar) => t("timelineBar", { period: b.period, count: b.posts });
  const indexAt = (clientX: number) => {
    const box = svg.current?.getBoundingClientRect();
    if (!box || bars.length === 0) return null;
    return Math.min(bars.length - 1, Math.max(0, Math.floor(((clientX - box.left) / box.width) * bars.length)));
  };
  const select = (a: number, b: number) => onRange(rangeOf(bars[a].period, bars[b].period));

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    const i = indexAt(e.clientX);
    if (i == null) return;
    drag.current = i;
    setDragEnd(i);
    setCursor(i);
    setAnchor(i);
    // Keep the drag when the pointer leaves the chart (a pointer the browser
    // does not know, as from a test's synthetic event, cannot be captured).
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      /* no capture: the drag ends where the pointer is released */
    }
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    if (drag.current == null) return;
    const i = indexAt(e.clientX);
    if (i != null) setDragEnd(i);
  };
  const onPointerUp = (e: PointerEvent<SVGSVGElement>) => {
    if (drag.current == null) return;
    const end = indexAt(e.clientX) ?? drag.current;
    select(drag.current, end);
    setCursor(end);
    drag.current = null;
    setDragEnd(null);
  };
  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>) => {
    if (bars.length === 0) return;
    const at = cursor ?? bars.length - 1;
    const moves: Record<string, number> = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: bars.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      const next = Math.min(bars.length - 1, Math.max(0, moves[e.key]));
      if (e.shiftKey) setAnchor(anchor ?? at);
      else setAnchor(null);
      setCursor(next);
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      select(anchor ?? at, at);
    } else if (e.key === "Escape" && range) {
      e.preventDefault();
      e.stopPropagation();
      onRange(null);
    }
  };

  // While dragging, the bars under the drag are shown selected.
  const shown: DateRange | null =
    drag.current != null && dragEnd != null ? rangeOf(bars[drag.current].period, bars[dragEnd].period) : range;
  const marked: DateRange | null =
    anchor != null && cursor != null && anchor !== cursor ? rangeOf(bars[anchor].period, bars[cursor].period) : null;
  const step = bars.length > 0 ? W / bars.length : W;
  const gap = step > 3 ? 1 : 0;
  const status = cursor != null && bars[cursor] ? barTitle(bars[cursor]) : range ? rangeLabel(range) : "";

  return (
    <section className="timeline" aria-label={t("timeline")} data-testid="timeline">
      <div className="timeline-head">
        <span className="timeline-title">{t("timeline")}</span>
        <div className="timeline-zoom" role="group" aria-label={t("timelineZoom")}>
          {(["month", "year"] as const).map((b) => (
            <button key={b} type="button" aria-pressed={by === b} onClick={() => (setChosen(b), setCursor(null), setAnchor(null))} data-testid={`timeline-by-${b}`}>
              {t(b === "month" ? "timelineMonths" : "timelineYears")}
            </button>
          ))}
        </div>
        {range && (
          <button type="button" className="timeline-range" onClick={() => onRange(null)} title={t("timelineClear")} data-testid="timeline-clear">
            {rangeLabel(range)} ✕
          </button>
        )}
      </div>
      {bars.length === 0 ? (
        <p className="timeline-empty">{months.isFetching ? "…" : t("timelineEmpty")}</p>
      ) : (
        <svg
          ref={svg}
          className="timeline-chart"
          viewBox={`0 0 ${W} ${H}`}
          preserveAspectRatio="none"
          tabIndex={0}
          role="group"
          aria-label={t("timelineKeys")}
          aria-describedby="timeline-status"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onKeyDown={onKeyDown}
          data-testid="timeline-chart"
        >
          {bars.map((b, i) => {
            const h = b.posts === 0 ? 0 : Math.max(2, (b.posts / max) * (H - 2));
            const cls = ["bar", inRange(b.period, shown) && "in-range", inRange(b.period, marked) && "marked", i === cursor && "cursor"].filter(Boolean).join(" ");
            return (
              <g key={b.period} className={cls} data-testid={`timeline-bar-${b.period}`} data-posts={b.posts}>
                <title>{barTitle(b)}</title>
                {/* The full-height hit area keeps short bars easy to click. */}
                <rect className="hit" x={i * step} y={0} width={step} height={H} />
                <rect className="fill" x={i * step + gap / 2} y={H - h} width={Math.max(step - gap, 0.5)} height={h} />
              </g>
            );
          })}
        </svg>
      )}
      {bars.length > 0 && (
        <div className="timeline-axis" aria-hidden="true">
          <span>{bars[0].period}</span>
          <span>{bars[bars.length - 1].period}</span>
        </div>
      )}
      <div id="timeline-status" className="timeline-status" aria-live="polite" data-testid="timeline-status">
        {status}
        {data && data.undated > 0 && <span className="muted"> · {t("timelineUndated", { count: data.undated })}</span>}
      </div>
    </section>
  );
}
