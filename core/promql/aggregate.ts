// Aggregation operators over one instant vector, grouped by/without labels (Prometheus 2.x semantics).
import type { Aggregate } from "./ast";
import { PromQLError } from "./errors";
import { formatGoFloat } from "./format-float";
import { labelsKey, memoByLabels } from "./labels";
import { quantile } from "./range-functions";
import type { Labels } from "./types";
import type { Sample } from "./value";

interface Group {
  labels: Labels;
  count: number;
  value: number;
  mean: number;
  samples: Sample[];
  values: number[];
}

export function groupLabels(l: Labels, grouping: string[], without: boolean): Labels {
  const out: Labels = {};
  if (without) {
    for (const [k, v] of Object.entries(l)) if (k !== "__name__" && !grouping.includes(k)) out[k] = v;
  } else {
    for (const k of grouping) if (l[k] !== undefined && l[k] !== "") out[k] = l[k];
  }
  return out;
}

const isInf = (v: number) => v === Infinity || v === -Infinity;

/** topk/bottomk order: NaN always loses. */
function better(op: "topk" | "bottomk", a: number, b: number): boolean {
  if (Number.isNaN(b)) return !Number.isNaN(a);
  if (Number.isNaN(a)) return false;
  return op === "topk" ? a > b : a < b;
}

const groupCaches = new WeakMap<
  Aggregate,
  (l: Labels, f: (l: Labels) => { labels: Labels; key: string }) => { labels: Labels; key: string }
>();

export function aggregate(node: Aggregate, input: Sample[], param: number | string | undefined): Sample[] {
  let memo = groupCaches.get(node);
  if (!memo) groupCaches.set(node, (memo = memoByLabels()));
  const { op, without } = node;
  let grouping = node.grouping;
  let k = 0;
  let valueLabel = "";
  if (op === "topk" || op === "bottomk") {
    const f = param as number;
    if (Number.isNaN(f) || Math.abs(f) >= 2 ** 63)
      throw new PromQLError("execution", `Scalar value ${formatGoFloat(f)} overflows int64`);
    k = Math.trunc(f);
    if (k < 1) return [];
  }
  if (op === "count_values") {
    valueLabel = param as string;
    if (valueLabel === "") throw new PromQLError("execution", `invalid label name ${JSON.stringify(valueLabel)}`);
    if (!without) grouping = [...grouping, valueLabel];
  }
  const groups = new Map<string, Group>();
  const order: Group[] = [];
  // One closure per call, not per sample.
  const grp = (l: Labels) => {
    const labels = groupLabels(l, grouping, without);
    return { labels, key: labelsKey(labels) };
  };
  for (const s0 of input) {
    let s = s0;
    if (op === "count_values") s = { labels: { ...s.labels, [valueLabel]: formatGoFloat(s.v) }, v: s.v };
    // count_values builds fresh label sets per step: nothing to reuse there.
    const { labels: gl, key } = op === "count_values" ? grp(s.labels) : memo(s.labels, grp);
    let g = groups.get(key);
    if (!g) {
      g = { labels: gl, count: 1, value: s.v, mean: s.v, samples: [s], values: [s.v] };
      if (op === "stddev" || op === "stdvar") g.value = 0;
      if (op === "count" || op === "count_values" || op === "group") g.value = 1;
      groups.set(key, g);
      order.push(g);
      continue;
    }
    g.count++;
    const v = s.v;
    switch (op) {
      case "sum":
        g.value += v;
        break;
      case "avg":
        if (isInf(g.mean)) {
          if (isInf(v) && g.mean > 0 === v > 0) break;
          if (Number.isFinite(v)) break;
        }
        g.mean += v / g.count - g.mean / g.count;
        break;
      case "count":
      case "count_values":
        g.value++;
        break;
      case "group":
        break;
      case "max":
        if (g.value < v || Number.isNaN(g.value)) g.value = v;
        break;
      case "min":
        if (g.value > v || Number.isNaN(g.value)) g.value = v;
        break;
      case "stddev":
      case "stdvar": {
        const delta = v - g.mean;
        g.mean += delta / g.count;
        g.value += delta * (v - g.mean);
        break;
      }
      case "topk":
      case "bottomk":
        g.samples.push(s);
        break;
      case "quantile":
        g.values.push(v);
        break;
    }
  }
  const out: Sample[] = [];
  for (const g of order) {
    switch (op) {
      case "avg":
        out.push({ labels: g.labels, v: g.mean });
        break;
      case "stdvar":
        out.push({ labels: g.labels, v: g.value / g.count });
        break;
      case "stddev":
        out.push({ labels: g.labels, v: Math.sqrt(g.value / g.count) });
        break;
      case "quantile":
        out.push({ labels: g.labels, v: quantile(param as number, g.values) });
        break;
      case "topk":
      case "bottomk": {
        // Stable selection: on ties the earlier series wins, as Prometheus' heap keeps the first seen.
        const sorted = g.samples
          .map((s, i) => ({ s, i }))
          .sort((a, b) => (better(op, a.s.v, b.s.v) ? -1 : better(op, b.s.v, a.s.v) ? 1 : a.i - b.i));
        for (const { s } of sorted.slice(0, k)) out.push({ labels: s.labels, v: s.v });
        break;
      }
      default:
        out.push({ labels: g.labels, v: g.value });
    }
  }
  return out;
}
