// Operator precedence for re-associating binary expressions after postfix modifiers. lezer reads
// `a + b offset 1m * c` as `(a + b) offset 1m` followed by `* c`; once the builder moves `offset` onto `b`,
// `* c` must bind to `b offset 1m` as in Prometheus: `a + ((b offset 1m) * c)`.
import type { Binary, BinaryOp, Expr } from "./ast";

export const PRECEDENCE: Record<BinaryOp, number> = {
  or: 1,
  and: 2,
  unless: 2,
  "==": 3,
  "!=": 3,
  ">": 3,
  "<": 3,
  ">=": 3,
  "<=": 3,
  "+": 4,
  "-": 4,
  "*": 5,
  "/": 5,
  "%": 5,
  atan2: 5,
  "^": 6,
};

/** Whether `outer`, written after `inner`'s right operand, takes that operand from it. */
function bindsTighter(outer: BinaryOp, inner: BinaryOp): boolean {
  const o = PRECEDENCE[outer];
  const i = PRECEDENCE[inner];
  return o > i || (o === i && outer === "^");
}

/** Whether a binary operand must be parenthesized to keep its grouping when printed. */
export function needsParens(child: Expr, parent: BinaryOp, side: "lhs" | "rhs"): boolean {
  if (child.kind === "unary") return parent === "^" && side === "lhs";
  if (child.kind !== "binary") return false;
  const c = PRECEDENCE[child.op];
  const p = PRECEDENCE[parent];
  if (c !== p) return c < p;
  return side === "lhs" ? parent === "^" : parent !== "^";
}

/** Build `lhs op rhs` where `lhs` came out of a postfix modifier: descend into its right spine while the new
 * operator binds tighter than the one found there. */
export function rebind(lhs: Expr, node: Omit<Binary, "lhs" | "rhs">, rhs: Expr): Expr {
  if (lhs.kind === "binary" && bindsTighter(node.op, lhs.op)) {
    return { ...lhs, rhs: rebind(lhs.rhs, node, rhs) };
  }
  return { ...node, lhs, rhs } as Binary;
}
