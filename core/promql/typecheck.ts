// Static type rules of PromQL (Prometheus' checkAST): which value types each operator and function accepts.
import type { Expr, ValueType } from "./ast";
import { PromQLError } from "./errors";
import { FUNCTIONS, ONLY_IN_2, ONLY_IN_3 } from "./functions-signatures";

const DOC: Record<ValueType, string> = {
  scalar: "scalar",
  vector: "instant vector",
  matrix: "range vector",
  string: "string",
};

function fail(msg: string): never {
  throw new PromQLError("bad_data", msg);
}

function expectType(want: ValueType, e: Expr, ctx: string, prometheus3: boolean): void {
  const got = checkTypes(e, prometheus3);
  if (got !== want) fail(`expected type ${DOC[want]} in ${ctx}, got ${DOC[got]}`);
}

const COMPARISON = new Set(["==", "!=", ">", "<", ">=", "<="]);
const SET_OPS = new Set(["and", "or", "unless"]);

/** Returns the value type of `e`, throwing bad_data on the first type error. Functions are those of
 * Prometheus 2.x, or of 3.x with `prometheus3`. */
export function checkTypes(e: Expr, prometheus3 = false): ValueType {
  const expect = (want: ValueType, x: Expr, ctx: string) => expectType(want, x, ctx, prometheus3);
  const checkTypes_ = (x: Expr) => checkTypes(x, prometheus3);
  switch (e.kind) {
    case "number":
      return "scalar";
    case "string":
      return "string";
    case "vector":
      return "vector";
    case "matrix":
      return "matrix";
    case "paren":
      return checkTypes_(e.expr);
    case "subquery": {
      const t = checkTypes_(e.expr);
      if (t !== "vector") fail(`subquery is only allowed on instant vector, got ${DOC[t]} instead`);
      return "matrix";
    }
    case "unary": {
      const t = checkTypes_(e.expr);
      if (t !== "scalar" && t !== "vector")
        fail("unary expression only allowed on expressions of type scalar or instant vector");
      return t;
    }
    case "binary": {
      const l = checkTypes_(e.lhs);
      const r = checkTypes_(e.rhs);
      if ((l !== "scalar" && l !== "vector") || (r !== "scalar" && r !== "vector")) {
        fail("binary expression must contain only scalar and instant vector types");
      }
      if (e.returnBool && !COMPARISON.has(e.op)) fail("bool modifier can only be used on comparison operators");
      if (COMPARISON.has(e.op) && l === "scalar" && r === "scalar" && !e.returnBool)
        fail("comparisons between scalars must use BOOL modifier");
      if (SET_OPS.has(e.op) && (l === "scalar" || r === "scalar"))
        fail(`set operator "${e.op}" not allowed in binary scalar expression`);
      const m = e.matching;
      if (
        m &&
        (l !== "vector" || r !== "vector") &&
        (m.on || m.labels.length > 0 || m.card === "many-to-one" || m.card === "one-to-many")
      ) {
        fail("vector matching only allowed between instant vectors");
      }
      if (l !== "vector" || r !== "vector") delete e.matching;
      return l === "scalar" && r === "scalar" ? "scalar" : "vector";
    }
    case "aggregate": {
      const ctx = "aggregation expression";
      expect("vector", e.expr, ctx);
      if (e.op === "topk" || e.op === "bottomk" || e.op === "quantile") expect("scalar", e.param!, ctx);
      if (e.op === "count_values") expect("string", e.param!, ctx);
      return "vector";
    }
    case "call": {
      const f = (prometheus3 ? ONLY_IN_2 : ONLY_IN_3).has(e.func) ? undefined : FUNCTIONS[e.func];
      if (!f) fail(`unknown function with name ${JSON.stringify(e.func)}`);
      const n = e.args.length;
      if (f.variadic === 0 && n !== f.args.length) {
        fail(`expected ${f.args.length} argument(s) in call to ${JSON.stringify(e.func)}, got ${n}`);
      }
      if (f.variadic !== 0) {
        const min = f.args.length - 1;
        if (n < min) fail(`expected at least ${min} argument(s) in call to ${JSON.stringify(e.func)}, got ${n}`);
        if (f.variadic > 0 && n > min + f.variadic)
          fail(`expected at most ${min + f.variadic} argument(s) in call to ${JSON.stringify(e.func)}, got ${n}`);
      }
      e.args.forEach((a, i) =>
        expect(f.args[Math.min(i, f.args.length - 1)], a, `call to function ${JSON.stringify(e.func)}`),
      );
      return f.ret;
    }
  }
}
