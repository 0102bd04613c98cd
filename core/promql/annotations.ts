// PromQL annotations: the warnings and infos a query answers beside its result (Prometheus' util/annotations,
// v2.53 texts). Collected per query, deduplicated by text as Prometheus does, and positioned in the query.

export type AnnotationLevel = "warning" | "info";

export interface Annotation {
  level: AnnotationLevel;
  /** "PromQL warning: ..." / "PromQL info: ...", without the position. */
  text: string;
  /** Offset in the query text of the expression the annotation is about. */
  pos?: number;
}

/** One query's annotations. Prometheus keys them by text: the same text at two positions is one annotation
 * (the position of the latest wins). */
export class Annotations {
  private readonly byText = new Map<string, Annotation>();

  add(a: Annotation): void {
    this.byText.set(a.text, a);
  }

  get size(): number {
    return this.byText.size;
  }

  list(): Annotation[] {
    return [...this.byText.values()];
  }
}

/** Go's fmt %g: shortest digits, with an exponent (two digits at least) below 1e-4 and from 1e6 in magnitude. */
export function formatGoG(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const [mant, e] = v.toExponential().split("e");
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(v);
}

const warning = (text: string, pos?: number): Annotation => ({
  level: "warning",
  text: `PromQL warning: ${text}`,
  pos,
});
const info = (text: string, pos?: number): Annotation => ({ level: "info", text: `PromQL info: ${text}`, pos });
const q = JSON.stringify;

export const invalidQuantile = (v: number, pos?: number) =>
  warning(`quantile value should be between 0 and 1, got ${formatGoG(v)}`, pos);
export const badBucketLabel = (metric: string, le: string, pos?: number) =>
  warning(`bucket label "le" is missing or has a malformed value of ${q(le)} for metric name ${q(metric)}`, pos);
export const mixedFloatsHistograms = (metric: string, pos?: number) =>
  warning(`encountered a mix of histograms and floats for metric name ${q(metric)}`, pos);
export const mixedFloatsHistogramsAggregation = (pos?: number) =>
  warning("encountered a mix of histograms and floats for aggregation", pos);
export const mixedClassicNativeHistograms = (metric: string, pos?: number) =>
  warning(`vector contains a mix of classic and native histograms for metric name ${q(metric)}`, pos);
export const nativeHistogramNotCounter = (metric: string, pos?: number) =>
  warning(`this native histogram metric is not a counter: ${q(metric)}`, pos);
export const nativeHistogramNotGauge = (metric: string, pos?: number) =>
  warning(`this native histogram metric is not a gauge: ${q(metric)}`, pos);
export const possibleNonCounter = (metric: string, pos?: number) =>
  info(`metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${q(metric)}`, pos);
export const forcedMonotonicity = (metric: string, pos?: number) =>
  info(
    `input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) for metric name ${q(metric)}`,
    pos,
  );

/** rate and increase read counters: Prometheus suspects any other name (v2.53 checks the suffix only). */
export function mightNotBeCounter(name: string | undefined): name is string {
  return (
    name !== undefined &&
    name !== "" &&
    !name.endsWith("_total") &&
    !name.endsWith("_sum") &&
    !name.endsWith("_count") &&
    !name.endsWith("_bucket")
  );
}

/** posrange.StartPosInput: "line:column" of a byte offset (Go strings are UTF-8; JS offsets are UTF-16). */
export function positionText(query: string, pos: number | undefined): string {
  if (query === "" || pos === undefined) return "unknown position";
  if (pos < 0 || pos > query.length) return "invalid position";
  const before = query.slice(0, pos);
  const nl = before.lastIndexOf("\n");
  const line = before.split("\n").length;
  const col = utf8Length(before.slice(nl + 1)) + 1;
  return `${line}:${col}`;
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

export interface AnnotationStrings {
  warnings: string[];
  infos: string[];
}

/** At most this many of each kind in an answer, then "N more ... omitted" (the API's limit). */
const MAX_ANNOTATIONS = 10;

/** The API's `warnings` and `infos`. Prometheus 2.53 answers infos among the warnings (one list of at most 10);
 * from 2.54 (and in 3.x, `prometheus3`) infos are their own list, each list at most 10. */
export function annotationStrings(anns: Annotation[], query: string, prometheus3: boolean): AnnotationStrings {
  const text = (a: Annotation) => `${a.text} (${positionText(query, a.pos)})`;
  if (!prometheus3) {
    const warnings = anns.slice(0, MAX_ANNOTATIONS).map(text);
    if (anns.length > MAX_ANNOTATIONS) warnings.push(`${anns.length - MAX_ANNOTATIONS} more annotations omitted`);
    return { warnings, infos: [] };
  }
  const limited = (level: AnnotationLevel, word: string) => {
    const all = anns.filter((a) => a.level === level);
    const out = all.slice(0, MAX_ANNOTATIONS).map(text);
    if (all.length > MAX_ANNOTATIONS) out.push(`${all.length - MAX_ANNOTATIONS} more ${word} annotations omitted`);
    return out;
  };
  return { warnings: limited("warning", "warning"), infos: limited("info", "info") };
}
