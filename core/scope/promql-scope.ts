// Pinned scope: add the user's label matchers to every selector of a PromQL query, visibly, and refuse
// (with a report) when the query already says something that contradicts the scope.
import { z } from "zod";
import type { LabelMatcher, MatchOp } from "../promql/types";
import { formatExpr, parsePromQL, selectorsOf } from "../promql/parse";
import { compileAnchored } from "../promql/regex";

export const scopeMatcherSchema = z.object({
  label: z
    .string()
    .min(1)
    .max(128)
    .refine((l) => l !== "__name__", "the metric name cannot be pinned"),
  op: z.enum(["=", "!=", "=~", "!~"]).default("="),
  value: z.string().max(1024),
});
export type ScopeMatcher = z.infer<typeof scopeMatcherSchema>;
export const scopeSchema = z.array(scopeMatcherSchema).max(20);

export interface ScopeConflict {
  /** The selector as written in the query (formatted). */
  selector: string;
  label: string;
  query: { op: MatchOp; value: string };
  scope: { op: MatchOp; value: string };
  reason: string;
}

export type ScopeResult =
  | { ok: true; query: string; original: string; changed: boolean; added: number; overlaps: ScopeConflict[] }
  | { ok: false; original: string; conflicts: ScopeConflict[] };

function matches(op: MatchOp, value: string, candidate: string): boolean {
  switch (op) {
    case "=":
      return candidate === value;
    case "!=":
      return candidate !== value;
    case "=~":
      return compileAnchored(value).test(candidate);
    case "!~":
      return !compileAnchored(value).test(candidate);
  }
}

/**
 * Can a series satisfy both matchers? Decided exactly when either side is an equality (test the one value
 * against the other matcher). Two regex/negative matchers are not decidable cheaply: they are kept together
 * and reported as an overlap so the user still sees them.
 */
function judge(q: LabelMatcher, s: ScopeMatcher): "same" | "contradicts" | "overlap" {
  if (q.op === s.op && q.value === s.value) return "same";
  if (s.op === "=") return matches(q.op, q.value, s.value) ? "overlap" : "contradicts";
  if (q.op === "=") return matches(s.op, s.value, q.value) ? "overlap" : "contradicts";
  return "overlap";
}

/** Throws PromQLError (bad_data) on a query that does not parse; callers turn it into a 400. */
export function applyScope(query: string, scope: ScopeMatcher[]): ScopeResult {
  const expr = parsePromQL(query);
  const conflicts: ScopeConflict[] = [];
  const overlaps: ScopeConflict[] = [];
  let added = 0;
  for (const sel of selectorsOf(expr)) {
    const shown = formatExpr({ ...sel.selector, offsetMs: 0, at: undefined });
    for (const s of scope) {
      const existing = sel.selector.matchers.filter((m) => m.name === s.label);
      let same = false;
      for (const q of existing) {
        const verdict = judge(q, s);
        if (verdict === "same") same = true;
        else {
          const report = {
            selector: shown,
            label: s.label,
            query: { op: q.op, value: q.value },
            scope: { op: s.op, value: s.value },
          };
          if (verdict === "contradicts")
            conflicts.push({
              ...report,
              reason: `the query asks for ${s.label}${q.op}"${q.value}" but the pinned scope is ${s.label}${s.op}"${s.value}"`,
            });
          else
            overlaps.push({
              ...report,
              reason: `both ${s.label}${q.op}"${q.value}" (query) and ${s.label}${s.op}"${s.value}" (scope) apply`,
            });
        }
      }
      if (!same) {
        sel.selector.matchers.push({ name: s.label, op: s.op, value: s.value });
        added++;
      }
    }
  }
  if (conflicts.length) return { ok: false, original: query, conflicts };
  const text = added ? formatExpr(expr) : query;
  return { ok: true, query: text, original: query, changed: added > 0, added, overlaps };
}

/** `environment=production,region=~"us-.*"` (URL form) <-> matchers. Values may be quoted. */
export function parseScopeText(text: string): ScopeMatcher[] {
  const out: ScopeMatcher[] = [];
  const re = /\s*([^=!~,\s]+)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|[^,]*)\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while (last < text.length && (m = re.exec(text))) {
    const raw = m[3]!.trim();
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    out.push(scopeMatcherSchema.parse({ label: m[1], op: m[2], value }));
    last = re.lastIndex;
  }
  if (last < text.trim().length) throw new Error(`cannot read scope at '${text.slice(last, last + 20)}'`);
  return out;
}

export function formatScopeText(scope: ScopeMatcher[]): string {
  return scope.map((s) => `${s.label}${s.op}${JSON.stringify(s.value)}`).join(",");
}
