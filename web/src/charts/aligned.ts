// Prometheus matrices -> uPlot's aligned columnar data: one shared x axis (seconds), one y column per series,
// null where a series has no sample (uPlot draws a gap rather than inventing a value).

export interface SeriesIn {
  metric: Record<string, string>;
  values: [number, string][];
}

export type Aligned = [number[], ...(number | null)[][]];

export function toAlignedData(series: SeriesIn[]): Aligned {
  const xs = new Set<number>();
  for (const s of series) for (const [t] of s.values) xs.add(t);
  const x = [...xs].sort((a, b) => a - b);
  const index = new Map(x.map((t, i) => [t, i]));
  const cols = series.map((s) => {
    const col: (number | null)[] = new Array(x.length).fill(null);
    for (const [t, v] of s.values) {
      const n = Number(v);
      col[index.get(t)!] = Number.isFinite(n) ? n : null;
    }
    return col;
  });
  return [x, ...cols];
}

/** `{status="503"}` style label for a series; the metric name is left out when every series shares it. */
export function seriesLabel(metric: Record<string, string>, dropName = true): string {
  const entries = Object.entries(metric).filter(([k]) => k !== "__name__");
  const inner = entries.map(([k, v]) => `${k}="${v}"`).join(", ");
  const name = dropName ? "" : (metric.__name__ ?? "");
  return inner ? `${name}{${inner}}` : name || "value";
}

/** Labels that differ between series: the legend only needs those ("status=503" rather than ten labels). */
export function distinctLabels(series: { metric: Record<string, string> }[]): string[] {
  const keys = new Set<string>();
  for (const s of series) for (const k of Object.keys(s.metric)) keys.add(k);
  return [...keys].filter((k) => new Set(series.map((s) => s.metric[k] ?? "")).size > 1);
}

export function shortLabel(metric: Record<string, string>, keys: string[]): string {
  if (!keys.length) return seriesLabel(metric, false);
  return keys.map((k) => `${k}=${metric[k] ?? ""}`).join(", ");
}

const PALETTE = [
  "#4c9aff",
  "#f85149",
  "#3fb950",
  "#d29922",
  "#a371f7",
  "#39c5cf",
  "#ff7b72",
  "#e3b341",
  "#8b949e",
  "#db61a2",
];
export const colorFor = (i: number) => PALETTE[i % PALETTE.length];
