// The Worker side of a fragment: merge the shards' partials and serve the node's value at each grid time,
// exactly as the step-by-step evaluator would have computed it over all series at once.
import { PromQLError } from "../errors";
import { labelsKey } from "../labels";
import { quantile } from "../range-functions";
import type { Labels } from "../types";
import type { Sample, Value } from "../value";
import { better } from "./accumulate";
import { type AggGroup, type AggPartial, type Partial, partialBytes, type SeriesPartial } from "./partial";
import { mergeNotes, type ShardNotes } from "./notes";
import { type Fragment, gridSteps } from "./spec";

export interface Precomputed {
  /** The node's instant vector at grid time t. */
  at(t: number): Value;
  /** Every output series over the grid (series fragments: no per-step sample objects). */
  series?(): { labels: Labels; ts: number[]; vs: number[] }[];
  bytes: number;
  /** What the shards saw for annotations (absent when the value was not pushed down). */
  notes?: ShardNotes;
}

function stepIndex(f: Fragment, t: number): number {
  const i = (t - f.grid.start) / f.grid.step;
  if (!Number.isInteger(i) || i < 0 || i >= gridSteps(f.grid))
    throw new PromQLError("internal", `pushed-down fragment asked for ${t}, outside its grid`);
  return i;
}

const duplicate = () => new PromQLError("execution", "vector cannot contain metrics with the same labelset");

export function mergePartials(f: Fragment, parts: Partial[]): Precomputed {
  const bytes = parts.reduce((n, p) => n + partialBytes(p), 0);
  const merged = f.agg ? mergeAgg(f, parts as AggPartial[], bytes) : mergeSeries(f, parts as SeriesPartial[], bytes);
  merged.notes = mergeNotes(parts.map((p) => p.notes));
  return merged;
}

function mergeSeries(f: Fragment, parts: SeriesPartial[], bytes: number): Precomputed {
  const rows: { labels: Labels; key: string; values: Float64Array; present: Uint8Array }[] = [];
  for (const p of parts)
    for (let i = 0; i < p.labels.length; i++)
      rows.push({ labels: p.labels[i], key: p.keys[i], values: p.values[i], present: p.present[i] });
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // Output label sets shared by several series (a dropped metric name): a step where two are present fails.
  const byLabels = new Map<string, number[]>();
  for (let r = 0; r < rows.length; r++) {
    const k = labelsKey(rows[r].labels);
    const list = byLabels.get(k);
    if (list) list.push(r);
    else byLabels.set(k, [r]);
  }
  const clashes = [...byLabels.values()].filter((l) => l.length > 1);
  const clashAt = (i: number) => clashes.some((l) => l.filter((r) => rows[r].present[i]).length > 1);
  const steps = gridSteps(f.grid);
  return {
    bytes,
    at(t) {
      const i = stepIndex(f, t);
      if (clashes.length && clashAt(i)) throw duplicate();
      const samples: Sample[] = [];
      for (const r of rows) if (r.present[i]) samples.push({ labels: r.labels, v: r.values[i] });
      return { kind: "vector", samples };
    },
    series() {
      for (let i = 0; clashes.length && i < steps; i++) if (clashAt(i)) throw duplicate();
      // Rows sharing an output label set, present at different steps, are one series (as the step-by-step
      // evaluation collects them by label set); no step holds two of them (checked above).
      return [...byLabels.values()].map((group) => {
        const ts: number[] = [];
        const vs: number[] = [];
        for (let i = 0; i < steps; i++)
          for (const r of group) {
            if (!rows[r].present[i]) continue;
            ts.push(f.grid.start + i * f.grid.step);
            vs.push(rows[r].values[i]);
            break;
          }
        return { labels: rows[group[0]].labels, ts, vs };
      });
    },
  };
}

interface Source {
  part: AggPartial;
  group: AggGroup;
}

interface Merged {
  labels: Labels;
  firstKey: string;
  count: Uint32Array;
  value?: Float64Array;
  m2?: Float64Array;
  nonFinite?: Uint8Array;
  firstAt?: (string | null)[];
  sources: Source[];
}

const isInf = (v: number) => v === Infinity || v === -Infinity;

/** Two incremental means combined; infinities and NaN resolve as Prometheus' running mean resolves them. */
function combineMeans(ma: number, na: number, mb: number, nb: number): number {
  if (Number.isNaN(ma) || Number.isNaN(mb)) return NaN;
  if (isInf(ma) || isInf(mb)) {
    if (isInf(ma) && isInf(mb) && ma > 0 !== mb > 0) return NaN;
    return isInf(ma) ? ma : mb;
  }
  const n = na + nb;
  return ma * (na / n) + mb * (nb / n);
}

function fold(op: string, m: Merged, g: AggGroup, steps: number): void {
  for (let i = 0; i < steps; i++) {
    const c = g.count[i];
    if (c === 0) continue;
    const prev = m.count[i];
    m.count[i] = prev + c;
    if (prev === 0) {
      if (m.value) m.value[i] = g.value![i];
      if (m.m2) m.m2[i] = g.m2![i];
      if (m.nonFinite) m.nonFinite[i] = g.nonFinite![i];
      continue;
    }
    const a = m.value?.[i] ?? 0;
    const b = g.value?.[i] ?? 0;
    switch (op) {
      case "sum":
        m.value![i] = a + b;
        break;
      case "min":
        if (a > b || Number.isNaN(a)) m.value![i] = b;
        break;
      case "max":
        if (a < b || Number.isNaN(a)) m.value![i] = b;
        break;
      case "avg":
        m.value![i] = combineMeans(a, prev, b, c);
        break;
      case "stddev":
      case "stdvar": {
        // Chan et al.'s pairwise update of Welford's (count, mean, M2).
        const n = prev + c;
        const delta = b - a;
        m.value![i] = a + delta * (c / n);
        m.m2![i] = m.m2![i] + g.m2![i] + delta * delta * ((prev * c) / n);
        m.nonFinite![i] |= g.nonFinite![i];
        break;
      }
    }
  }
}

function mergeAgg(f: Fragment, parts: AggPartial[], bytes: number): Precomputed {
  const op = f.agg!.op;
  const steps = gridSteps(f.grid);
  const merged = new Map<string, Merged>();
  for (const part of parts) {
    for (const g of part.groups) {
      const k = labelsKey(g.labels);
      const firstKey = part.keys[g.first];
      let m = merged.get(k);
      if (!m) {
        m = { labels: g.labels, firstKey, count: new Uint32Array(steps), sources: [] };
        if (g.value) m.value = new Float64Array(steps);
        if (g.m2) m.m2 = new Float64Array(steps);
        if (g.nonFinite) m.nonFinite = new Uint8Array(steps);
        if (f.order) m.firstAt = new Array<string | null>(steps).fill(null);
        merged.set(k, m);
      } else if (firstKey < m.firstKey) m.firstKey = firstKey;
      fold(op, m, g, steps);
      if (m.firstAt && g.firstAt)
        for (let i = 0; i < steps; i++) {
          const ref = g.firstAt[i];
          if (ref < 0) continue;
          const key = part.keys[ref];
          const cur = m.firstAt[i];
          if (cur === null || key < cur) m.firstAt[i] = key;
        }
      if (op === "quantile" || op === "topk" || op === "bottomk") m.sources.push({ part, group: g });
    }
  }
  const ordered = [...merged.values()].sort((a, b) => (a.firstKey < b.firstKey ? -1 : a.firstKey > b.firstKey ? 1 : 0));
  return {
    bytes,
    at(t) {
      const i = stepIndex(f, t);
      let live = ordered.filter((m) => m.count[i] > 0);
      if (f.order)
        live = live.sort((a, b) => {
          const x = a.firstAt![i]!;
          const y = b.firstAt![i]!;
          return x < y ? -1 : x > y ? 1 : 0;
        });
      const samples: Sample[] = [];
      for (const m of live) finalValue(f, m, i, samples);
      return { kind: "vector", samples };
    },
  };
}

function finalValue(f: Fragment, m: Merged, i: number, out: Sample[]): void {
  const op = f.agg!.op;
  const c = m.count[i];
  switch (op) {
    case "sum":
    case "min":
    case "max":
    case "avg":
      out.push({ labels: m.labels, v: m.value![i] });
      return;
    case "count":
    case "count_values":
      out.push({ labels: m.labels, v: c });
      return;
    case "group":
      out.push({ labels: m.labels, v: 1 });
      return;
    case "stdvar":
    case "stddev": {
      const variance = c === 1 ? 0 : m.nonFinite![i] ? NaN : m.m2![i] / c;
      out.push({ labels: m.labels, v: op === "stddev" ? Math.sqrt(variance) : variance });
      return;
    }
    case "quantile": {
      const values: number[] = [];
      for (const { group } of m.sources) {
        const q = group.quantile!;
        for (let j = q.offsets[i]; j < q.offsets[i + 1]; j++) values.push(q.values[j]);
      }
      out.push({ labels: m.labels, v: quantile(f.agg!.param as number, values) });
      return;
    }
    case "topk":
    case "bottomk": {
      const cands: { key: string; labels: Labels; v: number }[] = [];
      for (const { part, group } of m.sources) {
        const top = group.top!;
        for (let j = 0; j < top.k; j++) {
          const idx = top.idx[i * top.k + j];
          if (idx < 0) break;
          cands.push({ key: part.keys[idx], labels: part.series![idx], v: top.v[i * top.k + j] });
        }
      }
      // Input order first, then best first with ties kept in input order (aggregate.ts' stable selection).
      cands.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const ranked = cands
        .map((s, idx) => ({ s, idx }))
        .sort((a, b) => (better(op, a.s.v, b.s.v) ? -1 : better(op, b.s.v, a.s.v) ? 1 : a.idx - b.idx));
      for (const { s } of ranked.slice(0, Math.trunc(f.agg!.param as number))) out.push({ labels: s.labels, v: s.v });
      return;
    }
  }
}
