// Go-compatible literal parsing: quoted strings (strconv.Unquote rules), durations, numbers.
import { PromQLError } from "./errors";

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
};

export function unquoteString(raw: string): string {
  const q = raw[0];
  if (raw.length < 2 || raw[raw.length - 1] !== q) throw new PromQLError("bad_data", "unterminated quoted string");
  const body = raw.slice(1, -1);
  if (q === "`") return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const e = body[++i];
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      continue;
    }
    const hexLen = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (hexLen) {
      const hex = body.slice(i + 1, i + 1 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex))
        throw new PromQLError("bad_data", `invalid escape sequence \\${e}${hex}`);
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000 && e !== "x"))
        throw new PromQLError("bad_data", "invalid unicode code point");
      out += e === "x" ? String.fromCharCode(code) : String.fromCodePoint(code);
      i += hexLen;
      continue;
    }
    if (e >= "0" && e <= "7") {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new PromQLError("bad_data", `invalid escape sequence \\${oct}`);
      const code = Number.parseInt(oct, 8);
      if (code > 255) throw new PromQLError("bad_data", "octal escape value > 255");
      out += String.fromCharCode(code);
      i += 2;
      continue;
    }
    throw new PromQLError("bad_data", `unknown escape sequence \\${e ?? ""}`);
  }
  return out;
}

const UNIT_MS: Record<string, number> = {
  y: 365 * 86400_000,
  w: 7 * 86400_000,
  d: 86400_000,
  h: 3600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};

/** Parse a Prometheus duration (`1h30m`, `500ms`) or, where accepted, plain float seconds. */
export function parseDurationMs(text: string, allowFloatSeconds = true): number {
  const re = /(\d+)(ms|y|w|d|h|m|s)/gy;
  if (/^\d+(ms|y|w|d|h|m|s)/.test(text)) {
    let total = 0;
    let pos = 0;
    let m: RegExpExecArray | null;
    re.lastIndex = 0;
    while ((m = re.exec(text))) {
      total += Number(m[1]) * UNIT_MS[m[2]];
      pos = re.lastIndex;
    }
    if (pos === text.length) return total;
  }
  if (allowFloatSeconds && /^[0-9.eE+-]+$/.test(text)) {
    const f = Number(text);
    if (Number.isFinite(f)) return Math.round(f * 1000);
  }
  throw new PromQLError("bad_data", `not a valid duration string: ${JSON.stringify(text)}`);
}

/** Parse a number literal as Prometheus' lexer does: Inf/NaN, hex, octal, floats, durations (in seconds). */
export function parseNumber(text: string): number {
  let sign = 1;
  let t = text.trim();
  if (t.startsWith("-") || t.startsWith("+")) {
    if (t[0] === "-") sign = -1;
    t = t.slice(1).trim();
  }
  const lower = t.toLowerCase();
  if (lower === "inf") return sign * Infinity;
  if (lower === "nan") return NaN;
  if (/^0x[0-9a-f]+$/i.test(t)) return sign * Number.parseInt(t.slice(2), 16);
  if (/^0[0-7]+$/.test(t)) return sign * Number.parseInt(t.slice(1), 8);
  const clean = t.replace(/_/g, "");
  if (/^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(clean)) return sign * Number(clean);
  if (/^\d+(ms|y|w|d|h|m|s)/.test(t)) return (sign * parseDurationMs(t, false)) / 1000;
  throw new PromQLError("bad_data", `bad number or duration syntax: ${JSON.stringify(text)}`);
}
