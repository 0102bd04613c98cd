// Go's strconv.FormatFloat(v, 'f', -1, 64): shortest round-trip digits, never an exponent. Prometheus uses it
// for sample values in JSON and for count_values labels.
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  if (Object.is(v, -0)) return "-0";
  const s = String(v);
  const e = s.indexOf("e");
  if (e < 0) return s;
  const neg = s[0] === "-";
  const mant = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const digits = mant.replace(".", "");
  const pointAt = (mant.indexOf(".") < 0 ? mant.length : mant.indexOf(".")) + exp;
  let out: string;
  if (pointAt <= 0) out = "0." + "0".repeat(-pointAt) + digits;
  else if (pointAt >= digits.length) out = digits + "0".repeat(pointAt - digits.length);
  else out = digits.slice(0, pointAt) + "." + digits.slice(pointAt);
  return (neg ? "-" : "") + out;
}

/** A sample value as Prometheus' JSON API writes it (web/api/v1 marshalValue): Go's 'f' format, except 'e'
 * (shortest digits, a two-digit exponent at least) below 1e-6 and from 1e21 in magnitude. */
export function formatJsonValue(v: number): string {
  const abs = Math.abs(v);
  if (abs === 0 || !Number.isFinite(v) || (abs >= 1e-6 && abs < 1e21)) return formatGoFloat(v);
  const [mant, exp] = v.toExponential().split("e");
  const sign = exp[0] === "-" ? "-" : "+";
  const digits = exp.replace(/^[+-]/, "");
  return `${mant}e${sign}${digits.length < 2 ? "0" + digits : digits}`;
}

/** Go's strconv.ParseFloat as Prometheus uses it for `le` labels: accepts Inf/NaN spellings and hex. */
export function parseGoFloat(s: string): number {
  const t = s.trim() === s ? s : "";
  if (t === "") return NaN;
  const lower = t.toLowerCase().replace(/^\+/, "");
  if (lower === "inf" || lower === "infinity") return t.startsWith("-") ? -Infinity : Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  if (lower === "nan") return NaN;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?0x[0-9a-f]+$/i.test(t))
    return (t.startsWith("-") ? -1 : 1) * Number.parseInt(t.replace(/^[+-]?0x/i, ""), 16);
  return NaN;
}

export function isGoFloat(s: string): boolean {
  const lower = s.toLowerCase().replace(/^[+-]/, "");
  return lower === "inf" || lower === "infinity" || lower === "nan" || !Number.isNaN(parseGoFloat(s));
}
