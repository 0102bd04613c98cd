import { useQuery } from "@tanstack/solid-query";
import { createMemo, Show } from "solid-js";
import type { Panel } from "../../../../core/contracts/dashboards";
import { queryRange, type MatrixSeries } from "../../api/prom";
import { metricQueries } from "../../api/queries";
import { Sparkline } from "../../charts/Sparkline";
import { readSteps, thresholdColor } from "../../charts/thresholds";
import { durationWords } from "../../lib/time";
import { formatStat } from "./layout";

const values = (s: MatrixSeries | undefined) =>
  (s?.values ?? []).map(([, v]) => (Number.isFinite(Number(v)) ? Number(v) : null));

/** A stat as Grafana draws one: the last value coloured by the panel's thresholds, the range's sparkline, and the
 * change against the period of the same length just before. */
export function StatPanel(props: {
  panel: Panel;
  series: MatrixSeries[];
  query: string;
  win: { start: number; end: number; step: number };
}) {
  const series = () => props.series[0];
  const last = createMemo(() => {
    const vs = values(series()).filter((v): v is number => v !== null);
    return vs.length ? vs[vs.length - 1] : null;
  });
  const color = () => thresholdColor(last(), readSteps(props.panel.options?.thresholds));
  const len = () => props.win.end - props.win.start;
  const before = useQuery(() => ({
    queryKey: [
      ...metricQueries.range(props.query, props.win.start - len(), props.win.start, props.win.step * 4),
      "baseline",
    ],
    queryFn: ({ signal }) =>
      queryRange(
        {
          query: props.query,
          start: props.win.start - len(),
          end: props.win.start,
          step: Math.max(1, Math.round(len() / 20_000)),
        },
        signal,
      ),
    enabled: !!props.query,
    staleTime: 60_000,
  }));
  const baseline = createMemo(() => {
    const vs = values(before.data?.[0]).filter((v): v is number => v !== null);
    return vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null;
  });
  const factor = () => {
    const b = baseline();
    const l = last();
    return b === null || l === null || b === 0 ? null : l / b;
  };
  return (
    <div class="dash-stat-wrap">
      <p
        class="dash-stat"
        style={{ color: color() }}
        aria-label={`${props.panel.title} value`}
        data-threshold={color() ?? "none"}
      >
        {formatStat(last(), props.panel.unit)}
      </p>
      <Show when={baseline() !== null}>
        <p class="dash-stat-change muted" aria-label={`${props.panel.title} change`}>
          vs {formatStat(baseline(), props.panel.unit)} the {durationWords(Math.round(len() / 60_000) * 60_000)} before
          <Show when={factor() !== null && Math.abs(factor()! - 1) >= 0.05}>
            {" · "}
            <strong style={{ color: color() }}>
              {factor()! >= 1
                ? `×${factor()!.toFixed(factor()! >= 10 ? 0 : 1)}`
                : `${Math.round((factor()! - 1) * 100)}%`}
            </strong>
          </Show>
        </p>
      </Show>
      <Sparkline values={values(series())} color={color()} label={`${props.panel.title} over the range`} />
    </div>
  );
}
