// Metric names as Prometheus 3 builds them with translation strategy NoUTF8EscapingWithSuffixes: the OTLP
// name keeps its characters, then gains unit suffixes (`_seconds`, `_bytes`, `_per_second`), `_total` for
// monotonic counters and `_ratio` for unit "1" gauges, never doubled.

const UNITS: Record<string, string> = {
  d: "days",
  h: "hours",
  min: "minutes",
  s: "seconds",
  ms: "milliseconds",
  us: "microseconds",
  ns: "nanoseconds",
  By: "bytes",
  KiBy: "kibibytes",
  MiBy: "mebibytes",
  GiBy: "gibibytes",
  TiBy: "tibibytes",
  KBy: "kilobytes",
  MBy: "megabytes",
  GBy: "gigabytes",
  TBy: "terabytes",
  m: "meters",
  V: "volts",
  A: "amperes",
  J: "joules",
  W: "watts",
  g: "grams",
  Cel: "celsius",
  Hz: "hertz",
  "1": "",
  "%": "percent",
};

const PER_UNITS: Record<string, string> = {
  s: "second",
  m: "minute",
  h: "hour",
  d: "day",
  w: "week",
  mo: "month",
  y: "year",
};

export type MetricKind = "counter" | "gauge" | "histogram" | "summary";

/** [main, per] unit suffixes; annotations in braces (`{requests}`) carry no unit. */
export function unitSuffixes(unit: string): [string, string] {
  const [main = "", per = ""] = unit.split("/", 2).map((u) => u.trim());
  const m = main.includes("{") ? "" : (UNITS[main] ?? main);
  const p = per === "" || per.includes("{") ? "" : `per_${PER_UNITS[per] ?? per}`;
  return [m, p];
}

export function metricName(name: string, unit: string, kind: MetricKind): string {
  let out = name;
  const [main, per] = unitSuffixes(unit);
  if (main && !out.endsWith(main)) out += `_${main}`;
  if (per && !out.endsWith(per)) out += `_${per}`;
  if (kind === "counter" && !out.endsWith("_total")) out += "_total";
  if (unit === "1" && kind === "gauge" && !out.endsWith("_ratio")) out += "_ratio";
  return out;
}

/** Go's strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent (for `le`/`quantile`). */
export function formatFloatPlain(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  const s = String(f);
  const e = s.indexOf("e");
  if (e < 0) return s;
  const neg = s.startsWith("-");
  const mant = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mant.indexOf(".");
  const digits = mant.replace(".", "");
  const intLen = (dot < 0 ? mant.length : dot) + exp;
  let out: string;
  if (intLen <= 0) out = `0.${"0".repeat(-intLen)}${digits}`;
  else if (intLen >= digits.length) out = digits + "0".repeat(intLen - digits.length);
  else out = `${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  return (neg ? "-" : "") + out;
}
