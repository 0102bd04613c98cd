// promqltest's native histogram notation: `{{schema:0 sum:5 count:4 z_bucket:1 z_bucket_w:0.001 buckets:[1 2 1]
// offset:1 n_buckets:[..] n_offset:0 custom_values:[..] counter_reset_hint:gauge}}`, and the series forms
// `{{h}}xN` (N+1 copies), `{{a}}+{{b}}xN` and `{{a}}-{{b}}xN` (a, a±b, a±2b, ...), `_`, `_xN` and `stale`.
import { isGoFloat, parseGoFloat } from "../promql/format-float";
import { type CounterResetHint, emptyHistogram, type FloatHistogram, HistogramError } from "./float-histogram";
import { addHistograms, subHistograms } from "./ops";

const HINTS: readonly CounterResetHint[] = ["unknown", "reset", "not_reset", "gauge"];

function number(key: string, raw: string): number {
  if (!isGoFloat(raw)) throw new HistogramError(`histogram ${key}: ${JSON.stringify(raw)} is not a number`);
  return parseGoFloat(raw);
}

function numbers(key: string, raw: string): number[] {
  if (!raw.startsWith("[") || !raw.endsWith("]")) throw new HistogramError(`histogram ${key} needs [..]`);
  const inner = raw.slice(1, -1).trim();
  return inner === "" ? [] : inner.split(/\s+/).map((v) => number(key, v));
}

function integer(key: string, raw: string): number {
  const n = number(key, raw);
  if (!Number.isInteger(n)) throw new HistogramError(`histogram ${key} must be an integer, got ${raw}`);
  return n;
}

/** One `{{...}}` literal (with or without the braces). Count and sum are taken as written, not computed. */
export function parseHistogramLiteral(text: string): FloatHistogram {
  const body = text.trim().replace(/^\{\{/, "").replace(/\}\}$/, "");
  const h = emptyHistogram();
  let positive: number[] = [];
  let negative: number[] = [];
  let offset = 0;
  let nOffset = 0;
  const seen = new Set<string>();
  const field = /([a-z_]+)\s*:\s*(\[[^\]]*\]|[^\s;]+)|(\S)/g;
  for (const m of body.matchAll(field)) {
    if (m[3] !== undefined) {
      if (m[3] === ";") continue;
      throw new HistogramError(`unexpected ${JSON.stringify(m[3])} in histogram ${JSON.stringify(text)}`);
    }
    const [, key, raw] = m;
    if (seen.has(key)) throw new HistogramError(`duplicate histogram field ${key}`);
    seen.add(key);
    switch (key) {
      case "schema":
        h.schema = integer(key, raw);
        break;
      case "sum":
        h.sum = number(key, raw);
        break;
      case "count":
        h.count = number(key, raw);
        break;
      case "z_bucket":
        h.zeroCount = number(key, raw);
        break;
      case "z_bucket_w":
        h.zeroThreshold = number(key, raw);
        break;
      case "buckets":
        positive = numbers(key, raw);
        break;
      case "n_buckets":
        negative = numbers(key, raw);
        break;
      case "offset":
        offset = integer(key, raw);
        break;
      case "n_offset":
        nOffset = integer(key, raw);
        break;
      case "custom_values":
        h.customValues = numbers(key, raw);
        break;
      case "counter_reset_hint": {
        const hint = HINTS.find((x) => x === raw);
        if (!hint) throw new HistogramError(`unknown counter_reset_hint ${raw}`);
        h.counterResetHint = hint;
        break;
      }
      default:
        throw new HistogramError(`unknown histogram field ${key}`);
    }
  }
  if (positive.length > 0) (h.positiveSpans = [{ offset, length: positive.length }]), (h.positiveBuckets = positive);
  if (negative.length > 0)
    (h.negativeSpans = [{ offset: nOffset, length: negative.length }]), (h.negativeBuckets = negative);
  return h;
}

/** A value of a loaded series: a histogram, a stale marker, or omitted (null). */
export type HistogramSeriesValue = FloatHistogram | "stale" | null;

/** `base`, `base ± inc`, ... (times + 1 values), refusing an increment coarser than the running histogram. */
function progression(base: FloatHistogram, inc: FloatHistogram, times: number, op: "+" | "-"): FloatHistogram[] {
  const out = [base];
  let cur = base;
  for (let i = 1; i <= times; i++) {
    if (cur.schema > inc.schema) throw new HistogramError(`cannot merge from schema ${inc.schema} to ${cur.schema}`);
    cur = op === "+" ? addHistograms(cur, inc) : subHistograms(cur, inc);
    out.push(cur);
  }
  return out;
}

const ITEM = /\s*(?:(\{\{[^}]*\}\})(?:([+-])(\{\{[^}]*\}\}))?(?:x(\d+))?|_x(\d+)|(_)|(stale))(?=\s|$)/y;

/** The values of a series description made of histogram items. */
export function expandHistogramSeries(text: string): HistogramSeriesValue[] {
  const out: HistogramSeriesValue[] = [];
  ITEM.lastIndex = 0;
  let at = 0;
  while (text.slice(at).trim() !== "") {
    ITEM.lastIndex = at;
    const m = ITEM.exec(text);
    if (!m) throw new HistogramError(`bad histogram series item at ${JSON.stringify(text.slice(at, at + 40))}`);
    at = ITEM.lastIndex;
    const [, base, op, inc, times, blanks, blank, stale] = m;
    if (blanks !== undefined) for (let i = 0; i < Number(blanks); i++) out.push(null);
    else if (blank !== undefined) out.push(null);
    else if (stale !== undefined) out.push("stale");
    else {
      const h = parseHistogramLiteral(base);
      if (op !== undefined && times === undefined) throw new HistogramError("an increment needs xN");
      const n = times === undefined ? 0 : Number(times);
      if (op !== undefined) out.push(...progression(h, parseHistogramLiteral(inc), n, op as "+" | "-"));
      else for (let i = 0; i <= n; i++) out.push(h);
    }
  }
  return out;
}
