// Every selector of an expression with its time modifiers: the engine's preload plan and the DDx/pinned
// scope features read queries through this.
import type { Expr, VectorSelector } from "./ast";
import type { LabelMatcher } from "./types";

export interface SelectorInfo {
  selector: VectorSelector;
  matchers: LabelMatcher[];
  /** 0 for an instant vector selector. */
  rangeMs: number;
  offsetMs: number;
  at?: number | "start" | "end";
}

export function selectorsOf(expr: Expr): SelectorInfo[] {
  const out: SelectorInfo[] = [];
  const walk = (e: Expr): void => {
    switch (e.kind) {
      case "vector":
        out.push({ selector: e, matchers: e.matchers, rangeMs: 0, offsetMs: e.offsetMs, at: e.at });
        return;
      case "matrix":
        out.push({
          selector: e.vector,
          matchers: e.vector.matchers,
          rangeMs: e.rangeMs,
          offsetMs: e.vector.offsetMs,
          at: e.vector.at,
        });
        return;
      case "subquery":
      case "paren":
      case "unary":
        return walk(e.expr);
      case "binary":
        walk(e.lhs);
        return walk(e.rhs);
      case "aggregate":
        if (e.param) walk(e.param);
        return walk(e.expr);
      case "call":
        return e.args.forEach(walk);
    }
  };
  walk(expr);
  return out;
}
