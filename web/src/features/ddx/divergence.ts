// How a metric DDx row reads on the page and in notebooks: one figure, which comparison found it, and its kind.
// The server computes everything; these only name it. See docs/DDX.md "Divergence".

export interface RowView {
  label: string;
  value: string;
  score: number;
  divergence?: number;
  kind?: string;
  comparison?: string;
  reason?: string;
  explanation: string;
}

/** The row's figure: `divergence` (0..100 %), or an older snapshot's `score`. */
export function figureOf(r: Pick<RowView, "divergence" | "score">): { value: number; text: string } {
  const v = r.divergence ?? r.score;
  const text = r.divergence === undefined ? `score ${r.score.toFixed(2)}` : `${v < 1 && v > 0 ? "<1" : Math.round(v)}%`;
  return { value: Math.max(0, Math.min(100, v)), text };
}

export const COMPARISON_TEXT: Record<string, string> = {
  baseline: "vs the baseline",
  population: "vs the rest now",
  both: "vs the baseline and the rest now",
  none: "neither comparison",
};

export const KIND_TEXT: Record<string, string> = {
  cause: "",
  contained: "contained",
  alike: "moved alike",
  "traffic-shift": "traffic shift",
  lower: "below its share",
  noise: "within the noise",
};

/** The one line under a row: the reason (what the figure rests on), or an older snapshot's explanation. */
export function reasonOf(r: Pick<RowView, "reason" | "explanation" | "label" | "value">): string {
  if (r.reason) return r.reason;
  const prefix = `${r.label}=${r.value}: `;
  return r.explanation.startsWith(prefix) ? r.explanation.slice(prefix.length) : r.explanation;
}

/** Rates are fractions; the charts show them as percentages with a sensible precision. */
export function ratePct(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return "";
  const p = x * 100;
  return `${p === 0 ? 0 : Number(p.toPrecision(p >= 10 ? 3 : 2))}%`;
}

/** Trace DDx rows: which comparison ranked the row (`rankedBy`), and what kind of row it is. */
export const RANKED_BY_TEXT: Record<string, string> = {
  time: "vs before (what changed)",
  population: "vs the rest now",
};

export const TRACE_KIND_TEXT: Record<string, string> = {
  cause: "",
  contained: "inside a cause",
  symptom: "symptom",
  noise: "no clear difference",
};

/** A trace row's figure: `divergence` (snapshot version 2), else the older population-only `score`. */
export function traceFigureOf(r: { divergence?: number; score: number }): { value: number; text: string } {
  return figureOf({ divergence: r.divergence, score: r.score });
}
