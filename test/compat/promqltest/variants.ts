// The queries promqltest runs for one eval, moved to a time base: Prometheus runs its scripts at the Unix
// epoch, Vigil keeps only recent data, so each block is loaded at base B (a whole day, so subquery steps align
// as they do from 0) and every time written in a query (`@ t`, `time()`, `timestamp()`, the date functions'
// default argument) is shifted by B. Like promqltest/test.go, an instant eval is also run with every selector
// pinned by `@` at other evaluation times.
import type { Expr } from "../../../core/promql/ast";
import { formatExpr, parsePromQL } from "../../../core/promql/parse";

const DATE_FNS = ["days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year"];
/** promql.AtModifierUnsafeFunctions of v2.53. */
const AT_UNSAFE = new Set([...DATE_FNS, "predict_linear", "time", "timestamp"]);

/** Index just past the parenthesis that closes the one at `open`. */
function closing(q: string, open: number): number {
  let depth = 0;
  let quote = "";
  for (let i = open; i < q.length; i++) {
    const ch = q[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return i + 1;
  }
  return q.length;
}

/** Shift the times written in `q` (relative to the epoch) to base `baseMs`. */
export function shiftQuery(q: string, baseMs: number): string {
  const bs = baseMs / 1000;
  let out = q.replace(
    /@\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)/gi,
    (_m, n: string) => `@ ${(Number(n) + bs).toFixed(3)}`,
  );
  out = out.replace(new RegExp(`\\b(${DATE_FNS.join("|")})\\(\\s*\\)`, "g"), "$1(vector(time()))");
  out = out.replace(/\btime\(\s*\)/g, `(time() - ${bs})`);
  for (let at = out.indexOf("timestamp("); at >= 0; at = out.indexOf("timestamp(", at + 1)) {
    if (/[a-zA-Z0-9_]/.test(out[at - 1] ?? "")) continue;
    const end = closing(out, at + "timestamp".length);
    out = `${out.slice(0, at)}(${out.slice(at, end)} - ${bs})${out.slice(end)}`;
    at += 1;
  }
  return out;
}

/** The expression with every selector and subquery not under a pinned subquery pinned at `atMs`, or null
 * when promqltest would not make @ variants (a time-dependent function). */
export function pinnedExpr(q: string, atMs: number): string | null {
  const expr = parsePromQL(q);
  let unsafe = false;
  const walk = (e: Expr, underAt: boolean): void => {
    switch (e.kind) {
      case "vector":
        if (!underAt && e.at === undefined) e.at = atMs;
        return;
      case "matrix":
        return walk(e.vector, underAt);
      case "subquery":
        // Pinned now or before: what it holds is evaluated relative to the subquery, never pinned itself.
        if (!underAt && e.at === undefined) e.at = atMs;
        return walk(e.expr, true);
      case "paren":
      case "unary":
        return walk(e.expr, underAt);
      case "binary":
        walk(e.lhs, underAt);
        return walk(e.rhs, underAt);
      case "aggregate":
        if (e.param) walk(e.param, underAt);
        return walk(e.expr, underAt);
      case "call":
        if (AT_UNSAFE.has(e.func)) unsafe = true;
        return e.args.forEach((a) => walk(a, underAt));
    }
  };
  walk(expr, false);
  return unsafe ? null : formatExpr(expr);
}

/** Evaluation times (relative ms) of the @ variants, as promqltest chooses them. */
export function variantTimes(t: number): number[] {
  return t === 0 ? [-1000, 0, 1000] : [-10 * t, 0, Math.trunc(t / 5), t, 10 * t];
}
