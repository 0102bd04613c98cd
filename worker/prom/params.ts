// Prometheus HTTP API parameters: read from the URL and from a form-encoded POST body (the body wins, as
// Go's r.FormValue does); times as RFC3339 or unix seconds, durations as Prometheus durations or seconds.
import { z } from "zod";
import { PromQLError } from "../../core/promql/errors";
import { parseDurationMs } from "../../core/promql/literals";

const MAX_FORM_BYTES = 1024 * 1024;

export class PromParams {
  constructor(private readonly values: Map<string, string[]>) {}

  static async from(req: Request): Promise<PromParams> {
    const values = new Map<string, string[]>();
    const add = (k: string, v: string) => values.set(k, [...(values.get(k) ?? []), v]);
    const url = new URL(req.url);
    if (req.method === "POST") {
      const type = req.headers.get("content-type") ?? "";
      if (type.startsWith("application/x-www-form-urlencoded")) {
        const text = new TextDecoder().decode(await req.arrayBuffer());
        if (text.length > MAX_FORM_BYTES)
          throw new PromQLError("bad_data", `form body exceeds ${MAX_FORM_BYTES} bytes`);
        for (const [k, v] of new URLSearchParams(text)) add(k, v);
      }
    }
    for (const [k, v] of url.searchParams) if (!values.has(k) || k.endsWith("[]")) add(k, v);
    return new PromParams(values);
  }

  get(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const floatSchema = z.string().regex(/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/);

/** Parse a time parameter to epoch ms. */
export function parseTimeParam(name: string, raw: string): number {
  if (floatSchema.safeParse(raw).success) {
    const ms = Math.round(Number(raw) * 1000);
    if (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15) return ms;
  }
  if (RFC3339.test(raw)) {
    const ms = Date.parse(raw.replace(" ", "T"));
    if (Number.isFinite(ms)) return ms;
  }
  throw new PromQLError("bad_data", `invalid parameter "${name}": cannot parse "${raw}" to a valid timestamp`);
}

/** Parse a duration parameter (step, timeout) to ms. */
export function parseDurationParam(name: string, raw: string): number {
  try {
    if (floatSchema.safeParse(raw).success) {
      const ms = Number(raw) * 1000;
      if (Number.isFinite(ms) && ms < 2 ** 53) return ms;
    } else return parseDurationMs(raw, false);
  } catch {
    // fall through to Prometheus' message
  }
  throw new PromQLError("bad_data", `invalid parameter "${name}": cannot parse "${raw}" to a valid duration`);
}

/** Prometheus 3 "U__" escaping of UTF-8 label names in URL paths: `__` is `_`, `_<hex>_` a code point. */
export function unescapeLabelName(name: string): string {
  if (!name.startsWith("U__")) return name;
  const body = name.slice(3);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "_") {
      out += ch;
      continue;
    }
    if (body[i + 1] === "_") {
      out += "_";
      i++;
      continue;
    }
    const end = body.indexOf("_", i + 1);
    const hex = end > 0 ? body.slice(i + 1, end) : "";
    const code = /^[0-9a-fA-F]{1,6}$/.test(hex) ? Number.parseInt(hex, 16) : NaN;
    if (!(code <= 0x10ffff)) return name;
    out += String.fromCodePoint(code);
    i = end;
  }
  return out;
}
