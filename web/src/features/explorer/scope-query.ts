// Apply the pinned scope to a PromQL query: every vector selector gains the scope's matchers. A selector that
// already matches the label keeps its matcher and gains the scope's too (both must hold), unless the two cannot
// both hold: then the query contradicts the scope and no number may be shown under it. Uses the official grammar.
import { parser } from "@prometheus-io/lezer-promql";
import type { SyntaxNode } from "@lezer/common";
import { scopeMatchers, type ScopeChip } from "../../lib/scope";

const unquote = (s: string) => (s.startsWith('"') || s.startsWith("'") ? JSON.parse(`"${s.slice(1, -1)}"`) : s);

export interface QueryMatcher {
  label: string;
  op: "=" | "!=" | "=~" | "!~";
  value: string;
}

/** A selector whose own matcher excludes the scope's value. */
export interface ScopeConflict {
  selector: string;
  label: string;
  query: string; // `region="us-west-2"`
  scope: string; // `region="us-east-1"`
}

export interface ScopedQuery {
  query: string;
  conflicts: ScopeConflict[];
}

function matchersOf(q: string, list: SyntaxNode | null): QueryMatcher[] {
  const out: QueryMatcher[] = [];
  if (!list) return out;
  for (let c = list.firstChild; c; c = c.nextSibling) {
    const name = c.getChild("LabelName") ?? c.getChild("QuotedLabelName");
    const op = c.getChild("MatchOp");
    const str = c.getChild("StringLiteral");
    if (!name || !op || !str) continue;
    out.push({
      label: unquote(q.slice(name.from, name.to)),
      op: q.slice(op.from, op.to) as QueryMatcher["op"],
      value: unquote(q.slice(str.from, str.to)),
    });
  }
  return out;
}

/** Does `value` satisfy the matcher? RE2 regexes are anchored like Prometheus'; an unreadable one is assumed to. */
export function satisfies(m: QueryMatcher, value: string): boolean {
  if (m.op === "=") return m.value === value;
  if (m.op === "!=") return m.value !== value;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${m.value})$`);
  } catch {
    return true;
  }
  return m.op === "=~" ? re.test(value) : !re.test(value);
}

const fmt = (label: string, op: string, value: string) => `${label}${op}${JSON.stringify(value)}`;

export function scopeQuery(query: string, chips: ScopeChip[]): ScopedQuery {
  if (!chips.length || !query.trim()) return { query, conflicts: [] };
  const edits: { at: number; text: string }[] = [];
  const conflicts: ScopeConflict[] = [];
  parser.parse(query).iterate({
    enter: (n) => {
      if (n.name !== "VectorSelector") return;
      const node = n.node;
      const lm = node.getChild("LabelMatchers");
      const have = matchersOf(query, lm);
      const add: ScopeChip[] = [];
      for (const c of chips) {
        const own = have.filter((m) => m.label === c.key);
        const broken = own.filter((m) => !satisfies(m, c.value));
        for (const m of broken)
          conflicts.push({
            selector: query.slice(node.from, node.to),
            label: c.key,
            query: fmt(m.label, m.op, m.value),
            scope: fmt(c.key, "=", c.value),
          });
        if (!own.some((m) => m.op === "=" && m.value === c.value)) add.push(c);
      }
      if (!add.length) return false;
      const text = scopeMatchers(add);
      if (lm) {
        const inner = query.slice(lm.from + 1, lm.to - 1).trim();
        const sep = inner === "" || inner.endsWith(",") ? "" : ",";
        edits.push({ at: lm.to - 1, text: sep + text });
      } else {
        const id = node.getChild("Identifier");
        if (id) edits.push({ at: id.to, text: `{${text}}` });
      }
      return false;
    },
  });
  let out = query;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.at);
  return { query: out, conflicts };
}

/** The query under the scope (conflicting matchers kept: callers check `scopeQuery(...).conflicts`). */
export function applyScope(query: string, chips: ScopeChip[]): string {
  return scopeQuery(query, chips).query;
}

/** "region=\"us-west-2\" in the query, the pinned scope says region=\"us-east-1\"" */
export function describeConflict(c: ScopeConflict): string {
  return `${c.query} in the query, but the pinned scope says ${c.scope}`;
}

/** The first vector selector of a query (`x{a="b"}`), to ask the server which labels it could be split by. */
export function firstSelector(query: string): string | null {
  let out: string | null = null;
  parser.parse(query).iterate({
    enter: (n) => {
      if (out !== null) return false;
      if (n.name === "VectorSelector") {
        out = query.slice(n.from, n.to);
        return false;
      }
    },
  });
  return out;
}
