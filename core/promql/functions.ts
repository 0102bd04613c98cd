// Instant-vector functions: math, clamp, dates, label manipulation, sorting.
import { PromQLError } from "./errors";
import { dropName, isValidLabelName, LEGACY_LABEL_NAME } from "./labels";
import { type AnchoredRegex, compileAnchored, dotAllPattern } from "./regex";
import type { Labels } from "./types";
import type { Sample } from "./value";

const sgn = (v: number) => (v > 0 ? 1 : v < 0 ? -1 : v);

export const MATH: Record<string, (v: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
  sgn,
  acos: Math.acos,
  acosh: Math.acosh,
  asin: Math.asin,
  asinh: Math.asinh,
  atan: Math.atan,
  atanh: Math.atanh,
  cos: Math.cos,
  cosh: Math.cosh,
  sin: Math.sin,
  sinh: Math.sinh,
  tan: Math.tan,
  tanh: Math.tanh,
  deg: (v) => (v * 180) / Math.PI,
  rad: (v) => (v * Math.PI) / 180,
};

export function mapValues(vec: Sample[], f: (v: number) => number): Sample[] {
  return vec.map((s) => ({ labels: dropName(s.labels), v: f(s.v) }));
}

export function round(vec: Sample[], toNearest: number): Sample[] {
  const inv = 1 / toNearest;
  // Go's math.Floor(x*inv+0.5)/inv: rounds half up, like Prometheus.
  return mapValues(vec, (v) => Math.floor(v * inv + 0.5) / inv);
}

export function clamp(vec: Sample[], min: number, max: number): Sample[] {
  if (max < min) return [];
  return mapValues(vec, (v) => Math.max(min, Math.min(max, v)));
}

const daysInMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();

export const DATE: Record<string, (d: Date) => number> = {
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_year: (d) => Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400_000) + 1,
  days_in_month: daysInMonth,
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

export function dateFunction(name: string, vec: Sample[]): Sample[] {
  const f = DATE[name];
  return mapValues(vec, (v) => {
    if (!Number.isFinite(v) || Math.abs(v) > 8.64e12) return NaN;
    return f(new Date(Math.trunc(v) * 1000));
  });
}

/** Go regexp.Expand: $1, ${1}, $name, ${name}, $$; a name is the longest run of word characters. */
function expand(template: string, m: NonNullable<ReturnType<AnchoredRegex["exec"]>>): string {
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (_all, tok: string, braced?: string, bare?: string) => {
      if (tok === "$") return "$";
      const name = braced ?? bare ?? "";
      if (/^\d+$/.test(name)) return m[Number(name)] ?? "";
      return m.groups?.[name] ?? "";
    },
  );
}

/** Label names a destination may take: Prometheus 2.x allows only the legacy form, 3.x any valid UTF-8. */
export function validLabelName(n: string, prometheus3: boolean): boolean {
  return prometheus3 ? isValidLabelName(n) : LEGACY_LABEL_NAME.test(n);
}

export function labelReplace(
  vec: Sample[],
  dst: string,
  repl: string,
  src: string,
  regex: string,
  prometheus3 = false,
): Sample[] {
  let re: AnchoredRegex;
  try {
    re = compileAnchored(prometheus3 ? dotAllPattern(regex) : regex);
  } catch (_e) {
    throw new PromQLError("execution", `invalid regular expression in label_replace(): ${regex}`);
  }
  if (!validLabelName(dst, prometheus3))
    throw new PromQLError("execution", `invalid destination label name in label_replace(): ${dst}`);
  return vec.map((s) => {
    const m = re.exec(s.labels[src] ?? "");
    if (!m) return s;
    const value = expand(repl, m);
    const labels: Labels = { ...s.labels };
    if (value === "") delete labels[dst];
    else labels[dst] = value;
    return s.h ? { labels, v: s.v, h: s.h } : { labels, v: s.v };
  });
}

export function labelJoin(vec: Sample[], dst: string, sep: string, srcs: string[], prometheus3 = false): Sample[] {
  if (!validLabelName(dst, prometheus3))
    throw new PromQLError("execution", `invalid destination label name in label_join(): ${dst}`);
  return vec.map((s) => {
    const value = srcs.map((n) => s.labels[n] ?? "").join(sep);
    const labels: Labels = { ...s.labels };
    if (value === "") delete labels[dst];
    else labels[dst] = value;
    return s.h ? { labels, v: s.v, h: s.h } : { labels, v: s.v };
  });
}

/** sort()/sort_desc() as Prometheus: NaN last. Prometheus runs Go's sort.Sort with a comparator that calls NaN
 * less than everything, NaN included; on up to 12 samples that is an insertion sort, reproduced here exactly
 * (ties and NaNs land where Prometheus puts them). Longer vectors: a stable sort, NaN last. */
export function sortVector(vec: Sample[], desc: boolean): Sample[] {
  const out = [...vec];
  if (out.length <= 12) {
    // Swap while the left neighbour is NaN or out of order.
    const swaps = (l: number, r: number) => Number.isNaN(l) || (desc ? l < r : l > r);
    for (let i = 1; i < out.length; i++) {
      for (let j = i; j > 0 && swaps(out[j - 1].v, out[j].v); j--) [out[j - 1], out[j]] = [out[j], out[j - 1]];
    }
    return out;
  }
  return out.sort((a, b) => {
    if (Number.isNaN(a.v)) return Number.isNaN(b.v) ? 0 : 1;
    if (Number.isNaN(b.v)) return -1;
    return desc ? b.v - a.v : a.v - b.v;
  });
}

/** facette/natsort's Compare (what Prometheus' sort_by_label uses): digit runs compare as integers. */
export function naturalLess(a: string, b: string): boolean {
  const ca = a.match(/\d+|\D+/g) ?? [];
  const cb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < ca.length; i++) {
    if (i >= cb.length) return false;
    const x = ca[i];
    const y = cb[i];
    const bothInts = /^\d+$/.test(x) && /^\d+$/.test(y) && x.length < 19 && y.length < 19;
    if (bothInts ? Number(x) === Number(y) : x === y) {
      if (i === ca.length - 1) return true;
      if (i === cb.length - 1) return false;
      continue;
    }
    return bothInts ? Number(x) < Number(y) : x < y;
  }
  return false;
}

/** sort_by_label(_desc): sort (sort_desc) by value first, then a stable natural sort by the given labels. */
export function sortByLabel(vec: Sample[], names: string[], desc: boolean): Sample[] {
  const cmp = (a: Sample, b: Sample) => {
    for (const n of names) {
      const x = a.labels[n] ?? "";
      const y = b.labels[n] ?? "";
      if (x === y) continue;
      return naturalLess(x, y) ? -1 : 1;
    }
    return 0;
  };
  return sortVector(vec, desc).sort((a, b) => (desc ? -cmp(a, b) : cmp(a, b)));
}
