// Compare two Prometheus API `data` payloads: same result type, same label sets, same timestamps, values
// equal within 1e-9 relative (NaN equals NaN, infinities by sign).
type Point = [number, string];
interface Data {
  resultType: string;
  result: unknown;
}

const SEP = "\xff";
const key = (m: Record<string, string>) =>
  Object.keys(m)
    .sort()
    .map((k) => k + SEP + m[k])
    .join(SEP);

export function sameValue(a: string, b: string): boolean {
  const x = Number(a.replace(/^\+Inf$/, "Infinity").replace(/^-Inf$/, "-Infinity"));
  const y = Number(b.replace(/^\+Inf$/, "Infinity").replace(/^-Inf$/, "-Infinity"));
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (x === y) return true;
  return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
}

function samePoints(a: Point[], b: Point[]): string | null {
  if (a.length !== b.length) return `point count ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (a[i][0] !== b[i][0]) return `timestamp ${a[i][0]} vs ${b[i][0]}`;
    if (!sameValue(a[i][1], b[i][1])) return `value at ${a[i][0]}: ${a[i][1]} vs ${b[i][1]}`;
  }
  return null;
}

/** Returns null when equal, else a short description of the first difference (got vs want). */
export function diffData(got: Data, want: Data, ordered = false): string | null {
  if (got.resultType !== want.resultType) return `resultType ${got.resultType} vs ${want.resultType}`;
  if (got.resultType === "scalar" || got.resultType === "string") {
    const [g, w] = [got.result as Point, want.result as Point];
    if (g[0] !== w[0]) return `time ${g[0]} vs ${w[0]}`;
    return got.resultType === "string"
      ? g[1] === w[1]
        ? null
        : `${g[1]} vs ${w[1]}`
      : sameValue(g[1], w[1])
        ? null
        : `${g[1]} vs ${w[1]}`;
  }
  type S = { metric: Record<string, string>; value?: Point; values?: Point[] };
  const g = got.result as S[];
  const w = want.result as S[];
  if (g.length !== w.length) {
    const gk = new Set(g.map((s) => key(s.metric)));
    const missing = w.find((s) => !gk.has(key(s.metric)));
    const wk = new Set(w.map((s) => key(s.metric)));
    const extra = g.find((s) => !wk.has(key(s.metric)));
    return `series count ${g.length} vs ${w.length}; missing ${JSON.stringify(missing?.metric)} extra ${JSON.stringify(extra?.metric)}`;
  }
  const byKey = new Map(w.map((s) => [key(s.metric), s]));
  for (let i = 0; i < g.length; i++) {
    const gs = g[i];
    const ws = ordered ? w[i] : byKey.get(key(gs.metric));
    if (!ws || key(ws.metric) !== key(gs.metric))
      return `unexpected series ${JSON.stringify(gs.metric)}${ordered ? ` at position ${i}` : ""}`;
    const d = gs.value ? samePoints([gs.value], [ws.value!]) : samePoints(gs.values!, ws.values!);
    if (d) return `${JSON.stringify(gs.metric)}: ${d}`;
  }
  return null;
}
