// Label matcher evaluation with Prometheus semantics: regexes are RE2, fully anchored (`^(?:re)$`, linear time);
// an absent label matches as the empty string. Prometheus 2.x lets `.` stop at a newline; the Prometheus 3
// mode sends regexes as `(?s:re)` (core/promql/regex.ts dotAllPattern), so shards need no mode of their own.
import { type AnchoredRegex, compileAnchored } from "../promql/regex";
import type { LabelMatcher, Labels } from "../promql/types";

export class MatcherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MatcherError";
  }
}

export function compileRegex(source: string): AnchoredRegex {
  try {
    return compileAnchored(source);
  } catch (e) {
    throw new MatcherError(
      `invalid regular expression ${JSON.stringify(source)}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

export function matchValue(m: LabelMatcher, value: string): boolean {
  switch (m.op) {
    case "=":
      return value === m.value;
    case "!=":
      return value !== m.value;
    case "=~":
      return compileRegex(m.value).test(value);
    case "!~":
      return !compileRegex(m.value).test(value);
  }
}

export function matchesAll(matchers: LabelMatcher[], labels: Labels): boolean {
  for (const m of matchers) if (!matchValue(m, labels[m.name] ?? "")) return false;
  return true;
}

/** Whether a matcher selects series lacking the label: such matchers cannot drive a postings lookup. */
export function matchesEmpty(m: LabelMatcher): boolean {
  return matchValue(m, "");
}
