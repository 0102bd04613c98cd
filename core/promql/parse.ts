// PromQL text -> typed AST (ast.ts), using the official lezer grammar for syntax and Prometheus' checkAST
// rules for types. Errors are PromQLError("bad_data") with a "line:col: parse error: ..." message.
import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";
import type { AggregateOp, BinaryOp, Expr, VectorMatching, VectorSelector } from "./ast";
import { PromQLError } from "./errors";
import { parseNumber, parseDurationMs, unquoteString } from "./literals";
import { offsetMapper, setPosition } from "./positions";
import { rebind } from "./precedence";
import { completeTrailingDots, renameHoltWinters } from "./preparse";
import { compileAnchored } from "./regex";
import { checkTypes } from "./typecheck";
import type { LabelMatcher, MatchOp } from "./types";

export { formatExpr } from "./format";
export { selectorsOf, type SelectorInfo } from "./selectors";

const MAX_QUERY_LENGTH = 64 * 1024;
const MAX_NESTING = 256;

class Builder {
  constructor(
    private readonly q: string,
    /** Offsets of calls written as holt_winters and read under their 3.x name. */
    private readonly holtWinters = new Set<number>(),
    /** Offsets in `q` to offsets in the query as written. */
    private readonly written: (offset: number) => number = (o) => o,
  ) {}

  fail(pos: number, msg: string): never {
    const before = this.q.slice(0, pos);
    const line = before.split("\n").length;
    const col = pos - before.lastIndexOf("\n");
    throw new PromQLError("bad_data", `${line}:${col}: parse error: ${msg}`);
  }

  text(n: SyntaxNode): string {
    return this.q.slice(n.from, n.to);
  }

  wrap<T>(n: SyntaxNode, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof PromQLError && !/^\d+:\d+: parse error/.test(e.message)) this.fail(n.from, e.message);
      throw e;
    }
  }

  children(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }

  str(n: SyntaxNode): string {
    return this.wrap(n, () => unquoteString(this.text(n)));
  }

  labelName(n: SyntaxNode): string {
    if (n.name === "QuotedLabelName") return this.str(n.firstChild!);
    return this.text(n);
  }

  duration(n: SyntaxNode): number {
    // Duration arithmetic (Prometheus 3 experimental) is evaluated here on literals only.
    const kids = this.children(n);
    if (n.name === "NumberDurationLiteralInDurationContext") {
      const t = this.text(n);
      return this.wrap(n, () =>
        /^\d+(ms|y|w|d|h|m|s)/.test(t) ? parseDurationMs(t, false) : Math.round(parseNumber(t) * 1000),
      );
    }
    if (kids.length === 1) return this.duration(kids[0]);
    if (kids.length === 2 && kids[0].name === "UnaryOp") {
      const v = this.duration(kids[1]);
      return this.text(kids[0]) === "-" ? -v : v;
    }
    if (kids.length === 3 && kids[0].name === "DurationExpr") {
      const a = this.duration(kids[0]);
      const b = this.duration(kids[2]);
      switch (kids[1].name) {
        case "Add":
          return a + b;
        case "Sub":
          return a - b;
        case "Mul":
          return (a * b) / 1000;
        case "Div":
          return (a / b) * 1000;
        case "Mod":
          return a % b;
      }
    }
    this.fail(n.from, `unsupported duration expression ${JSON.stringify(this.text(n))}`);
  }

  build(n: SyntaxNode): Expr {
    const e = this.buildNode(n);
    setPosition(e, this.written(n.from));
    return e;
  }

  buildNode(n: SyntaxNode): Expr {
    switch (n.name) {
      case "PromQL": {
        const kids = this.children(n);
        if (kids.length === 0) this.fail(0, "no expression found in input");
        return this.build(kids[0]);
      }
      case "ParenExpr":
        return { kind: "paren", expr: this.build(this.children(n)[0]) };
      case "NumberDurationLiteral":
        return { kind: "number", value: this.wrap(n, () => parseNumber(this.text(n))) };
      case "StringLiteral":
        return { kind: "string", value: this.str(n) };
      case "VectorSelector":
        return this.vectorSelector(n);
      case "MatrixSelector": {
        const [inner, dur] = this.children(n);
        return this.postfix(this.build(inner), (e) => {
          if (e.kind !== "vector" || e.offsetMs !== 0 || e.at !== undefined) {
            this.fail(
              inner.from,
              e.kind === "vector"
                ? "no offset modifiers allowed before range"
                : "ranges only allowed for vector selectors",
            );
          }
          const rangeMs = this.duration(dur);
          if (rangeMs <= 0) this.fail(dur.from, "duration must be greater than 0");
          return { kind: "matrix", vector: e as VectorSelector, rangeMs };
        });
      }
      case "SubqueryExpr": {
        const kids = this.children(n);
        return this.postfix(this.build(kids[0]), (expr) => {
          const durs = kids.filter((k) => k.name === "DurationExpr");
          const rangeMs = this.duration(durs[0]);
          const stepMs = durs[1] ? this.duration(durs[1]) : 0;
          if (rangeMs <= 0) this.fail(durs[0].from, "duration must be greater than 0");
          if (stepMs < 0) this.fail(durs[1].from, "step must be greater than 0");
          return { kind: "subquery", expr, rangeMs, stepMs, offsetMs: 0 } as Expr;
        });
      }
      case "OffsetExpr":
        return this.offset(n);
      case "StepInvariantExpr":
        return this.at(n);
      case "UnaryExpr": {
        const [op, e] = this.children(n);
        return { kind: "unary", op: this.text(op) === "-" ? "-" : "+", expr: this.build(e) };
      }
      case "BinaryExpr":
        return this.binary(n);
      case "AggregateExpr":
        return this.aggregate(n);
      case "FunctionCall": {
        const [id, body] = this.children(n);
        const func = this.holtWinters.has(id.from) ? "holt_winters" : this.text(id);
        return { kind: "call", func, args: this.children(body).map((c) => this.build(c)) };
      }
      default:
        this.fail(n.from, `unsupported expression ${JSON.stringify(this.text(n).slice(0, 40))}`);
    }
  }

  vectorSelector(n: SyntaxNode): VectorSelector {
    const matchers: LabelMatcher[] = [];
    let name: string | undefined;
    for (const c of this.children(n)) {
      if (c.name === "Identifier") name = this.text(c);
      if (c.name !== "LabelMatchers") continue;
      for (const m of this.children(c)) {
        if (m.name === "QuotedLabelName") {
          const metric = this.str(m.firstChild!);
          if (name !== undefined)
            this.fail(
              m.from,
              `metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(metric)}`,
            );
          name = metric;
          continue;
        }
        const [ln, op, val] = this.children(m);
        const matcher: LabelMatcher = { name: this.labelName(ln), op: this.text(op) as MatchOp, value: this.str(val) };
        if (matcher.op === "=~" || matcher.op === "!~") this.wrap(val, () => compileAnchored(matcher.value));
        matchers.push(matcher);
      }
    }
    if (name !== undefined) {
      const dup = matchers.find((m) => m.name === "__name__");
      if (dup)
        this.fail(n.from, `metric name must not be set twice: ${JSON.stringify(name)} or ${JSON.stringify(dup.value)}`);
      matchers.unshift({ name: "__name__", op: "=", value: name });
    }
    const matchesEmpty = (m: LabelMatcher) =>
      m.op === "="
        ? m.value === ""
        : m.op === "!="
          ? m.value !== ""
          : m.op === "=~"
            ? compileAnchored(m.value).test("")
            : !compileAnchored(m.value).test("");
    if (matchers.every(matchesEmpty)) this.fail(n.from, "vector selector must contain at least one non-empty matcher");
    return { kind: "vector", name, matchers, offsetMs: 0 };
  }

  /** lezer attaches postfix modifiers (offset, @, [range], [range:step]) to a whole binary or unary
   * expression; Prometheus binds them to the innermost right operand. */
  postfix(e: Expr, apply: (e: Expr) => Expr): Expr {
    if (e.kind === "binary") return { ...e, rhs: this.postfix(e.rhs, apply) };
    if (e.kind === "unary") return { ...e, expr: this.postfix(e.expr, apply) };
    return apply(e);
  }

  offset(n: SyntaxNode): Expr {
    const kids = this.children(n);
    return this.postfix(this.build(kids[0]), (e) => {
      const ms = this.duration(kids[kids.length - 1]);
      const target = e.kind === "matrix" ? e.vector : e;
      if (target.kind !== "vector" && target.kind !== "subquery") {
        this.fail(
          n.from,
          "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
        );
      }
      if (target.offsetMs !== 0) this.fail(kids[1].from, "offset may not be set multiple times");
      target.offsetMs = ms;
      return e;
    });
  }

  at(n: SyntaxNode): Expr {
    const kids = this.children(n);
    return this.postfix(this.build(kids[0]), (e) => {
      const last = kids[kids.length - 1];
      let at: number | "start" | "end";
      if (last.name === "AtModifierPreprocessors") at = this.text(last).startsWith("start") ? "start" : "end";
      else {
        const sec = this.wrap(last, () => parseNumber(this.text(last)));
        if (!Number.isFinite(sec)) this.fail(last.from, "timestamp out of bounds for @ modifier");
        at = Math.round(sec * 1000);
      }
      const target = e.kind === "matrix" ? e.vector : e;
      if (target.kind !== "vector" && target.kind !== "subquery") {
        this.fail(
          n.from,
          "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
        );
      }
      if (target.at !== undefined) this.fail(kids[1].from, "@ <timestamp> may not be set multiple times");
      target.at = at;
      return e;
    });
  }

  binary(n: SyntaxNode): Expr {
    const kids = this.children(n);
    const lhsNode = kids[0];
    const rhsNode = kids[kids.length - 1];
    const opNode = kids[1];
    const opName = opNode.name;
    const op = (
      opName === "And" || opName === "Or" || opName === "Unless" || opName === "Atan2"
        ? this.text(opNode).toLowerCase()
        : this.text(opNode)
    ) as BinaryOp;
    if (opName === "TrimUpper" || opName === "TrimLower")
      this.fail(opNode.from, `unsupported operator ${this.text(opNode)}`);
    let returnBool = false;
    let matching: VectorMatching | undefined;
    for (const k of kids.slice(2, -1)) {
      if (k.name === "BoolModifier") returnBool = true;
      else if (k.name === "MatchingModifierClause") {
        const parts = this.children(k);
        const on = parts[0].name === "On";
        const labels = this.children(parts[1]).map((l) => this.labelName(l));
        let card: VectorMatching["card"] = "one-to-one";
        let include: string[] = [];
        if (parts[2]) {
          card = parts[2].name === "GroupLeft" ? "many-to-one" : "one-to-many";
          if (parts[3]) include = this.children(parts[3]).map((l) => this.labelName(l));
        }
        matching = { card, on, labels, include };
      } else if (k.name === "FillModifier") this.fail(k.from, "fill modifiers are not supported");
    }
    const lhs = this.build(lhsNode);
    const rhs = this.build(rhsNode);
    // lezer reads `-2 ^ 2` as (-2)^2; Prometheus applies unary minus after ^ (it binds tighter).
    if (op === "^" && lhsNode.name === "NumberDurationLiteral" && /^[+-]/.test(this.text(lhsNode))) {
      const t = this.text(lhsNode);
      const abs: Expr = { kind: "number", value: this.wrap(lhsNode, () => parseNumber(t.slice(1))) };
      const inner: Expr = {
        kind: "binary",
        op,
        lhs: abs,
        rhs,
        returnBool,
        matching: { card: "one-to-one", on: false, labels: [], include: [] },
      };
      checkTypes(inner);
      return { kind: "unary", op: t[0] === "-" ? "-" : "+", expr: inner };
    }
    const isSet = op === "and" || op === "or" || op === "unless";
    if (!matching) matching = { card: isSet ? "many-to-many" : "one-to-one", on: false, labels: [], include: [] };
    else if (isSet) {
      if (matching.card !== "one-to-one") this.fail(n.from, `no grouping allowed for "${op}" operation`);
      matching.card = "many-to-many";
    }
    for (const l of matching.include) {
      if (matching.on && matching.labels.includes(l))
        this.fail(n.from, `label "${l}" must not occur in ON and GROUP clause at once`);
    }
    const node = { kind: "binary", op, returnBool, matching } as const;
    // A correct lezer grouping never leaves an unparenthesized looser operator on the left, so this only
    // changes the groupings lezer got wrong around postfix modifiers.
    return rebind(lhs, node, rhs);
  }

  aggregate(n: SyntaxNode): Expr {
    let op = "" as AggregateOp;
    let grouping: string[] = [];
    let without = false;
    let args: Expr[] = [];
    for (const k of this.children(n)) {
      if (k.name === "AggregateOp") op = this.text(k).toLowerCase() as AggregateOp;
      else if (k.name === "AggregateModifier") {
        const [kw, labels] = this.children(k);
        without = kw.name === "Without";
        grouping = this.children(labels).map((l) => this.labelName(l));
      } else if (k.name === "FunctionCallBody") args = this.children(k).map((c) => this.build(c));
    }
    if (op === ("limitk" as string) || op === ("limit_ratio" as string))
      this.fail(n.from, `aggregation ${op} is not supported`);
    const needsParam = op === "topk" || op === "bottomk" || op === "quantile" || op === "count_values";
    const want = needsParam ? 2 : 1;
    if (args.length !== want)
      this.fail(
        n.from,
        `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`,
      );
    return needsParam
      ? { kind: "aggregate", op, param: args[0], expr: args[1], grouping, without }
      : { kind: "aggregate", op, expr: args[0], grouping, without };
  }
}

function firstError(node: SyntaxNode): SyntaxNode | null {
  if (node.type.isError) return node;
  for (let c = node.firstChild; c; c = c.nextSibling) {
    const e = firstError(c);
    if (e) return e;
  }
  return null;
}

export interface ParseOptions {
  /** Prometheus 3 semantics: its function set (double_exponential_smoothing, no holt_winters). */
  prometheus3?: boolean;
}

/** Parse and type-check a PromQL expression. */
export function parsePromQL(q: string, opts: ParseOptions = {}): Expr {
  if (typeof q !== "string") throw new PromQLError("bad_data", "query must be a string");
  if (q.length > MAX_QUERY_LENGTH)
    throw new PromQLError("bad_data", `query is longer than ${MAX_QUERY_LENGTH} characters`);
  const renamed = renameHoltWinters(completeTrailingDots(q));
  const written = offsetMapper(q, renamed.text);
  q = renamed.text;
  const b = new Builder(q, renamed.renamed, written);
  if (q.trim() === "") b.fail(0, "no expression found in input");
  // Bound nesting before any recursive walk: deep input must be a clear 400, not a stack overflow.
  let depth = 0;
  for (const ch of q) {
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
    if (depth > MAX_NESTING) throw new PromQLError("bad_data", `query nests deeper than ${MAX_NESTING} levels`);
  }
  const tree = parser.parse(q);
  const err = firstError(tree.topNode);
  if (err) {
    const at = err.from;
    const rest = q.slice(at).trimStart();
    const ident = /([a-zA-Z_][a-zA-Z0-9_]*)\s*$/.exec(q.slice(0, at));
    if (ident && rest.startsWith("(")) b.fail(ident.index, `unknown function with name ${JSON.stringify(ident[1])}`);
    b.fail(
      at,
      rest === "" ? "unexpected end of input" : `unexpected character or token ${JSON.stringify(rest.slice(0, 12))}`,
    );
  }
  const expr = b.build(tree.topNode);
  b.wrap(tree.topNode, () => checkTypes(expr, opts.prometheus3 ?? false));
  return expr;
}
