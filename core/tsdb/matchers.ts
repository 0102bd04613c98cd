// Label matcher evaluation with Prometheus semantics: regexes are fully anchored and `.` matches newlines
// (Prometheus compiles `^(?s:re)$`); an absent label matches as the empty string.
import { translateRegex } from "../promql/regex";
import type { LabelMatcher, Labels } from "../promql/types";

const cache = new Map<string, RegExp>();

export class MatcherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MatcherError";
  }
}

export function compileRegex(source: string): RegExp {
  let re = cache.get(source);
  if (re) return re;
  try {
    // RE2 syntax differs from JS (POSIX classes, \z, \Q..\E, flag groups): translate, then anchor with `.`
    // matching newlines, as Prometheus compiles `^(?s:re)$`.
    const t = translateRegex(source);
    re = new RegExp(`^(?:${t.source})$`, t.flags.includes("s") ? t.flags : t.flags + "s");
  } catch (e) {
    throw new MatcherError(
      `invalid regular expression ${JSON.stringify(source)}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (cache.size > 1000) cache.clear();
  cache.set(source, re);
  return re;
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
