// Binary operators: arithmetic, comparisons (filter or bool), set operators, with vector matching.
import type { Binary, BinaryOp, VectorMatching } from "./ast";
import { PromQLError } from "./errors";
import { dropName, labelsKey, memoByLabels, signature } from "./labels";
import type { FloatHistogram } from "../histogram/float-histogram";
import { addHistograms, compactHistogram, divideHistogram, scaleHistogram, subHistograms } from "../histogram/ops";
import type { Labels } from "./types";
import type { Sample } from "./value";

const ARITH = new Set<BinaryOp>(["+", "-", "*", "/", "%", "^", "atan2"]);
/** Older Prometheus 2.x (2.42 among them) kept the metric name through atan2; 2.5x and 3.x drop it. */
const DROPS_NAME = new Set<BinaryOp>(["+", "-", "*", "/", "%", "^", "atan2"]);

/** Go's math.Pow special cases that differ from JS `**`. */
function goPow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return x ** y;
}

function goMod(x: number, y: number): number {
  return x % y;
}

/** Returns [value, keep]. For comparisons the value is the left operand. */
export function scalarBinop(op: BinaryOp, l: number, r: number): [number, boolean] {
  switch (op) {
    case "+":
      return [l + r, true];
    case "-":
      return [l - r, true];
    case "*":
      return [l * r, true];
    case "/":
      return [l / r, true];
    case "%":
      return [goMod(l, r), true];
    case "^":
      return [goPow(l, r), true];
    case "atan2":
      return [Math.atan2(l, r), true];
    case "==":
      return [l, l === r];
    case "!=":
      return [l, l !== r];
    case ">":
      return [l, l > r];
    case "<":
      return [l, l < r];
    case ">=":
      return [l, l >= r];
    case "<=":
      return [l, l <= r];
  }
  throw new PromQLError("internal", `operator ${op} not allowed for scalar operations`);
}

/** An operation with a native histogram on either side (v2.53 vectorElemBinop): histogram +/- histogram,
 * histogram * float (either side), histogram / float. Anything else, comparisons and `bool` included, has no
 * result and the element is dropped. */
export function histogramBinop(
  op: BinaryOp,
  fl: number,
  hl: FloatHistogram | undefined,
  fr: number,
  hr: FloatHistogram | undefined,
): FloatHistogram | undefined {
  if (op === "+" && hl && hr) return compactHistogram(addHistograms(hl, hr));
  if (op === "-" && hl && hr) return compactHistogram(subHistograms(hl, hr));
  if (op === "*" && hl && !hr) return scaleHistogram(hl, fr);
  if (op === "*" && !hl && hr) return scaleHistogram(hr, fl);
  if (op === "/" && hl && !hr) return divideHistogram(hl, fr);
  return undefined;
}

export function scalarScalar(op: BinaryOp, l: number, r: number, returnBool: boolean): number {
  const [v, keep] = scalarBinop(op, l, r);
  if (ARITH.has(op)) return v;
  return returnBool ? (keep ? 1 : 0) : v;
}

export function vectorScalar(
  op: BinaryOp,
  vec: Sample[],
  scalar: number,
  swap: boolean,
  returnBool: boolean,
): Sample[] {
  const out: Sample[] = [];
  const comparison = !ARITH.has(op);
  for (const s of vec) {
    if (s.h) {
      const h = returnBool
        ? undefined
        : swap
          ? histogramBinop(op, scalar, undefined, 0, s.h)
          : histogramBinop(op, 0, s.h, scalar, undefined);
      if (h) out.push({ labels: dropName(s.labels), v: 0, h });
      continue;
    }
    const [l, r] = swap ? [scalar, s.v] : [s.v, scalar];
    let [v, keep] = scalarBinop(op, l, r);
    if (comparison && swap) v = r;
    if (returnBool) {
      v = keep ? 1 : 0;
    } else if (!keep) continue;
    const labels = DROPS_NAME.has(op) || returnBool ? dropName(s.labels) : s.labels;
    out.push({ labels, v });
  }
  return out;
}

function resultLabels(lhs: Labels, rhs: Labels, op: BinaryOp, m: VectorMatching): Labels {
  let out: Labels = DROPS_NAME.has(op) ? dropName(lhs) : { ...lhs };
  if (m.card === "one-to-one") {
    if (m.on) {
      const kept: Labels = {};
      for (const n of m.labels) if (out[n] !== undefined) kept[n] = out[n];
      out = kept;
    } else {
      out = { ...out };
      for (const n of m.labels) delete out[n];
    }
  }
  if (m.include.length) {
    out = { ...out };
    for (const n of m.include) {
      const v = rhs[n];
      if (v !== undefined && v !== "") out[n] = v;
      else delete out[n];
    }
  }
  return out;
}

function fmt(l: Labels): string {
  return (
    "{" +
    Object.keys(l)
      .sort()
      .map((k) => `${k}=${JSON.stringify(l[k])}`)
      .join(", ") +
    "}"
  );
}

interface NodeCache {
  sig: (l: Labels, f: (l: Labels) => string) => string;
  result: WeakMap<Labels, WeakMap<Labels, Labels>>;
}
const nodeCaches = new WeakMap<Binary, NodeCache>();

export function vectorVector(node: Binary, lhs: Sample[], rhs: Sample[]): Sample[] {
  const m = node.matching!;
  let cache = nodeCaches.get(node);
  if (!cache) nodeCaches.set(node, (cache = { sig: memoByLabels<string>(), result: new WeakMap() }));
  const nc = cache;
  const sigOf = (l: Labels) => signature(l, m.on, m.labels);
  const sig = (l: Labels) => nc.sig(l, sigOf);
  const resultOf = (l: Labels, r: Labels): Labels => {
    let inner = nc.result.get(l);
    if (!inner) nc.result.set(l, (inner = new WeakMap()));
    let out = inner.get(r);
    if (!out) {
      out = resultLabels(l, r, node.op, m);
      if (node.returnBool) out = dropName(out);
      inner.set(r, out);
    }
    return out;
  };
  switch (node.op) {
    case "and": {
      const right = new Set(rhs.map((s) => sig(s.labels)));
      return lhs.filter((s) => right.has(sig(s.labels)));
    }
    case "unless": {
      const right = new Set(rhs.map((s) => sig(s.labels)));
      return lhs.filter((s) => !right.has(sig(s.labels)));
    }
    case "or": {
      const left = new Set(lhs.map((s) => sig(s.labels)));
      return [...lhs, ...rhs.filter((s) => !left.has(sig(s.labels)))];
    }
  }
  let [many, one] = [lhs, rhs];
  if (m.card === "one-to-many") [many, one] = [rhs, lhs];
  const oneBySig = new Map<string, Sample>();
  for (const s of one) {
    const k = sig(s.labels);
    const dup = oneBySig.get(k);
    if (dup) {
      const side = m.card === "one-to-many" ? "left" : "right";
      const matched: Labels = {};
      for (const [n, v] of Object.entries(s.labels))
        if (m.on ? m.labels.includes(n) : !m.labels.includes(n) && n !== "__name__") matched[n] = v;
      throw new PromQLError(
        "execution",
        `found duplicate series for the match group ${fmt(matched)} on the ${side} hand-side of the operation: [${fmt(s.labels)}, ${fmt(dup.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    oneBySig.set(k, s);
  }
  const matched = new Map<string, Set<string> | null>();
  const out: Sample[] = [];
  for (const ls of many) {
    const k = sig(ls.labels);
    const rs = oneBySig.get(k);
    if (!rs) continue;
    let [vl, vr] = [ls.v, rs.v];
    if (m.card === "one-to-many") [vl, vr] = [vr, vl];
    let h: FloatHistogram | undefined;
    let [v, keep] = [0, true];
    if (ls.h || rs.h) {
      const [hl, hr] = m.card === "one-to-many" ? [rs.h, ls.h] : [ls.h, rs.h];
      h = node.returnBool ? undefined : histogramBinop(node.op, vl, hl, vr, hr);
      if (!h) continue;
    } else {
      [v, keep] = scalarBinop(node.op, vl, vr);
      if (node.returnBool) v = keep ? 1 : 0;
      else if (!keep) continue;
    }
    const labels = resultOf(ls.labels, rs.labels);
    const seen = matched.get(k);
    if (m.card === "one-to-one") {
      if (seen !== undefined)
        throw new PromQLError(
          "execution",
          "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)",
        );
      matched.set(k, null);
    } else {
      const lk = labelsKey(labels);
      const set = seen ?? new Set<string>();
      if (set.has(lk))
        throw new PromQLError("execution", "multiple matches for labels: grouping labels must ensure unique matches");
      set.add(lk);
      matched.set(k, set);
    }
    out.push(h ? { labels, v, h } : { labels, v });
  }
  return out;
}
