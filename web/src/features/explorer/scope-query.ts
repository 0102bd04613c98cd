// Apply the pinned scope to a PromQL query: every vector selector gains the scope's matchers, unless it
// already matches that label itself (an explicit matcher in the query wins). Uses the official grammar.
import { parser } from "@prometheus-io/lezer-promql";
import type { SyntaxNode } from "@lezer/common";
import { scopeMatchers, type ScopeChip } from "../../lib/scope";

const unquote = (s: string) => (s.startsWith('"') || s.startsWith("'") ? s.slice(1, -1) : s);

function existingLabels(q: string, matchers: SyntaxNode | null): Set<string> {
  const out = new Set<string>();
  if (!matchers) return out;
  for (let c = matchers.firstChild; c; c = c.nextSibling) {
    const name = c.getChild("LabelName") ?? c.getChild("QuotedLabelName");
    if (name) out.add(unquote(q.slice(name.from, name.to)));
    else if (c.name === "QuotedLabelName") out.add(unquote(q.slice(c.from, c.to)));
  }
  return out;
}

export function applyScope(query: string, chips: ScopeChip[]): string {
  if (!chips.length || !query.trim()) return query;
  const edits: { at: number; text: string }[] = [];
  parser.parse(query).iterate({
    enter: (n) => {
      if (n.name !== "VectorSelector") return;
      const node = n.node;
      const lm = node.getChild("LabelMatchers");
      const have = existingLabels(query, lm);
      const add = chips.filter((c) => !have.has(c.key));
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
  return out;
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
