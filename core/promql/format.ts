// AST back to PromQL text (Prometheus 3 quoting for names that are not plain identifiers).
import type { Expr, VectorMatching } from "./ast";
import { needsParens } from "./precedence";

const IDENT = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function quoteString(s: string): string {
  return JSON.stringify(s);
}

const labelName = (n: string) => (LABEL.test(n) ? n : quoteString(n));

export function formatDuration(ms: number): string {
  if (ms === 0) return "0s";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(ms);
  let out = "";
  for (const [u, size] of [
    ["y", 365 * 86400_000],
    ["w", 7 * 86400_000],
    ["d", 86400_000],
    ["h", 3600_000],
    ["m", 60_000],
    ["s", 1000],
    ["ms", 1],
  ] as const) {
    if (rest >= size) {
      out += Math.floor(rest / size) + u;
      rest %= size;
    }
  }
  return sign + out;
}

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

function modifiers(offsetMs: number, at: number | "start" | "end" | undefined): string {
  let s = "";
  if (at !== undefined) s += ` @ ${at === "start" ? "start()" : at === "end" ? "end()" : (at / 1000).toFixed(3)}`;
  if (offsetMs !== 0) s += ` offset ${formatDuration(offsetMs)}`;
  return s;
}

function matching(m: VectorMatching | undefined): string {
  if (!m) return "";
  let s = "";
  if (m.on || m.labels.length) s += ` ${m.on ? "on" : "ignoring"}(${m.labels.map(labelName).join(", ")})`;
  if (m.card === "many-to-one") s += ` group_left(${m.include.map(labelName).join(", ")})`;
  if (m.card === "one-to-many") s += ` group_right(${m.include.map(labelName).join(", ")})`;
  return s;
}

export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case "number":
      return formatNumber(e.value);
    case "string":
      return quoteString(e.value);
    case "paren":
      return `(${formatExpr(e.expr)})`;
    case "unary":
      return `${e.op}${formatExpr(e.expr)}`;
    case "vector": {
      const rest = e.matchers.filter((m) => !(m.name === "__name__" && m.op === "=" && e.name !== undefined));
      const nameOk = e.name !== undefined && IDENT.test(e.name);
      const parts = rest.map((m) => `${labelName(m.name)}${m.op}${quoteString(m.value)}`);
      if (e.name !== undefined && !nameOk) parts.unshift(quoteString(e.name));
      const head = nameOk ? e.name! : "";
      const body = parts.length || !head ? `{${parts.join(", ")}}` : "";
      return head + body + modifiers(e.offsetMs, e.at);
    }
    case "matrix": {
      const v = formatExpr({ ...e.vector, offsetMs: 0, at: undefined });
      return `${v}[${formatDuration(e.rangeMs)}]${modifiers(e.vector.offsetMs, e.vector.at)}`;
    }
    case "subquery":
      return `${formatExpr(e.expr)}[${formatDuration(e.rangeMs)}:${e.stepMs ? formatDuration(e.stepMs) : ""}]${modifiers(e.offsetMs, e.at)}`;
    case "binary": {
      const side = (x: Expr, s: "lhs" | "rhs") => (needsParens(x, e.op, s) ? `(${formatExpr(x)})` : formatExpr(x));
      return `${side(e.lhs, "lhs")} ${e.op}${e.returnBool ? " bool" : ""}${matching(e.matching)} ${side(e.rhs, "rhs")}`;
    }
    case "aggregate": {
      const g =
        e.grouping.length || e.without
          ? ` ${e.without ? "without" : "by"} (${e.grouping.map(labelName).join(", ")})`
          : "";
      const args = e.param ? `${formatExpr(e.param)}, ${formatExpr(e.expr)}` : formatExpr(e.expr);
      return `${e.op}${g} (${args})`;
    }
    case "call":
      return `${e.func}(${e.args.map(formatExpr).join(", ")})`;
  }
}
