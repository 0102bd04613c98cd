// "Split by label" on any query, through the official grammar: the `by` goes into every aggregation on the
// query's vector paths (both sides of a ratio, inside histogram_quantile), `on(...)` matching gains the label too,
// and a vector path with no aggregation is summed by the label. Wrapping the whole of `a / b` instead would sum
// away the label the ratio needs.
import type { SyntaxNode } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";

const plainLabel = /^[A-Za-z_][A-Za-z0-9_]*$/;
const labelText = (l: string) => (plainLabel.test(l) ? l : JSON.stringify(l));
const unquote = (s: string) => (s.startsWith('"') ? (JSON.parse(s) as string) : s);

interface Edit {
  at: number;
  text: string;
  /** Replace [at, end) instead of inserting. */
  end?: number;
}

const SCALAR = new Set(["NumberDurationLiteral", "NumberLiteral", "StringLiteral"]);
const EXPR_SKIP = new Set([
  "FunctionIdentifier",
  "AggregateOp",
  "AggregateModifier",
  "MatchingModifierClause",
  "BoolModifier",
]);

function exprChildren(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling)
    if (!EXPR_SKIP.has(c.name) && c.to > c.from && /Expr|Call|Selector|Literal|PromQL/.test(c.name)) out.push(c);
  return out;
}

function groupingNames(q: string, g: SyntaxNode): string[] {
  const out: string[] = [];
  for (let c = g.firstChild; c; c = c.nextSibling)
    if (c.name === "LabelName" || c.name === "QuotedLabelName") out.push(unquote(q.slice(c.from, c.to)));
  return out;
}

/** Add `label` to a `(a, b)` grouping list unless it is there. */
function addToGrouping(q: string, g: SyntaxNode, label: string, edits: Edit[]): void {
  const names = groupingNames(q, g);
  if (names.includes(label)) return;
  edits.push({ at: g.to - 1, text: names.length ? `, ${labelText(label)}` : labelText(label) });
}

/** Push the split into `n`; false when `n` is a vector with no aggregation on its path (the caller sums it). */
function push(q: string, n: SyntaxNode, label: string, edits: Edit[]): boolean {
  if (SCALAR.has(n.name)) return true;
  switch (n.name) {
    case "PromQL":
    case "ParenExpr":
    case "UnaryExpr": {
      const inner = exprChildren(n)[0];
      return inner ? push(q, inner, label, edits) : true;
    }
    case "AggregateExpr": {
      const mod = n.getChild("AggregateModifier");
      if (!mod) {
        const op = n.getChild("AggregateOp")!;
        const space = /\s/.test(q[op.to] ?? "") ? "" : " ";
        edits.push({ at: op.to, text: ` by (${labelText(label)})${space}` });
      } else if (mod.getChild("By")) addToGrouping(q, mod.getChild("GroupingLabels")!, label, edits);
      else {
        // without (...): drop the label from the list so it survives.
        const g = mod.getChild("GroupingLabels")!;
        const kept = groupingNames(q, g).filter((x) => x !== label);
        edits.push({ at: g.from, end: g.to, text: `(${kept.map(labelText).join(", ")})` });
      }
      return true;
    }
    case "BinaryExpr": {
      const mm = n.getChild("MatchingModifierClause");
      if (mm?.getChild("On")) addToGrouping(q, mm.getChild("GroupingLabels")!, label, edits);
      for (const side of exprChildren(n)) if (!push(q, side, label, edits)) wrap(side, label, edits);
      return true;
    }
    case "FunctionCall": {
      const body = n.getChild("FunctionCallBody");
      const args = body ? exprChildren(body) : [];
      const vectors = args.filter((a) => !SCALAR.has(a.name));
      // rate(x[5m]) and friends: a matrix argument is never aggregated.
      if (!vectors.length || vectors.some((a) => a.name === "MatrixSelector" || a.name === "SubqueryExpr"))
        return false;
      return vectors.every((a) => push(q, a, label, edits));
    }
    default:
      return false;
  }
}

function wrap(n: SyntaxNode, label: string, edits: Edit[]): void {
  edits.push({ at: n.from, text: `sum by (${labelText(label)}) (` });
  edits.push({ at: n.to, text: ")" });
}

export function splitBy(query: string, label: string): string {
  const q = query.trim();
  if (!q || !label) return q;
  const tree = parser.parse(q);
  let error = false;
  tree.iterate({ enter: (n) => void (n.type.isError && (error = true)) });
  if (error) return `sum by (${labelText(label)}) (${q})`;
  const edits: Edit[] = [];
  if (!push(q, tree.topNode, label, edits)) return `sum by (${labelText(label)}) (${q})`;
  let out = q;
  for (const e of edits.sort((a, b) => b.at - a.at || (b.end ?? b.at) - (a.end ?? a.at)))
    out = out.slice(0, e.at) + e.text + out.slice(e.end ?? e.at);
  return out;
}
