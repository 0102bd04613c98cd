// What the pushdown property tests compare: a query's outcome (answer and annotations, or its error), and
// whether two outcomes are the same up to the order merged partials add a sum in.
import { Annotations, annotationStrings } from "../annotations";
import type { QueryData } from "../engine";

export type Outcome = { ok: true; data: QueryData; notes: string[] } | { ok: false; error: string };

export async function outcome(q: string, f: (notes: Annotations) => Promise<QueryData>): Promise<Outcome> {
  const notes = new Annotations();
  try {
    const data = await f(notes);
    const { warnings, infos } = annotationStrings(notes.list(), q, true);
    return { ok: true, data, notes: [...warnings, ...infos].sort() };
  } catch (e) {
    return { ok: false, error: `${(e as { errorType?: string }).errorType}: ${(e as Error).message}` };
  }
}

function close(a: string, b: string): boolean {
  const x = Number(a.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
  const y = Number(b.replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y), 1);
}

type VectorItem = { metric: unknown; value: [number, string] };

/** An instant vector in `want`'s order where `got` only swapped samples whose values are within 1e-9 of each
 * other (sort_desc or topk over averages merged from shards, a last-bit tie broken the other way); else `got`. */
function tiesInWantOrder(got: QueryData, want: QueryData): QueryData {
  if (got.resultType !== "vector" || want.resultType !== "vector") return got;
  const [g, w] = [got.result as VectorItem[], want.result as VectorItem[]];
  if (g.length !== w.length) return got;
  const byMetric = new Map(g.map((x) => [JSON.stringify(x.metric), x]));
  const reordered: VectorItem[] = [];
  for (let i = 0; i < w.length; i++) {
    const x = byMetric.get(JSON.stringify(w[i].metric));
    if (!x || !close(g[i].value[1], w[i].value[1])) return got;
    reordered.push(x);
  }
  return { ...got, result: reordered } as QueryData;
}

/** Same outcome: values within 1e-9 (merged sums add in another order), everything else identical; else what
 * differs. */
export function same(got: Outcome, want: Outcome): string | null {
  if (!got.ok || !want.ok)
    return got.ok === want.ok && !got.ok && !want.ok && got.error === want.error ? null : "outcome";
  const norm = (d: QueryData) =>
    JSON.stringify(d, (_k, v) => (typeof v === "string" && /^[-+0-9.eInfNa]+$/.test(v) ? "#" : v));
  if (norm(got.data) !== norm(want.data)) {
    const reordered = tiesInWantOrder(got.data, want.data);
    if (norm(reordered) !== norm(want.data)) return "shape";
    got = { ...got, data: reordered };
  }
  // Texts compared without their position: a text two nodes share keeps one node's position, and which one
  // depends on the order steps and parts were evaluated (a range query split at partitions, shard merges); see
  // docs/ARCHITECTURE.md's known limits. The texts themselves must be identical.
  const texts = (notes: unknown) => JSON.stringify(notes).replace(/ \(\d+:\d+\)(?=")/g, "");
  if (texts(got.notes) !== texts(want.notes))
    return `annotations ${JSON.stringify(got.notes)} vs ${JSON.stringify(want.notes)}`;
  const values = (d: QueryData): string[] => JSON.stringify(d).match(/"[-+0-9.eInfNa]+"/g) ?? [];
  const [a, b] = [values(got.data), values(want.data)];
  for (let i = 0; i < a.length; i++) if (!close(JSON.parse(a[i]), JSON.parse(b[i]))) return `value ${a[i]} vs ${b[i]}`;
  return null;
}
