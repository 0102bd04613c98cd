// Prometheus regexes are Go RE2, fully anchored (`^(?:re)$`). They run on re2js, a port of RE2 that matches in
// linear time: a hostile pattern such as `(a+)+b` cannot stall the isolate the way a backtracking engine does.
// Matching label values is hot (a postings lookup tests thousands of values), so the shapes most queries use
// (a literal, an alternation of literals, a prefix, `.*`, `.+`) skip the automaton, as Prometheus'
// FastRegexMatcher does.
import { RE2JS } from "re2js";
import { PromQLError } from "./errors";

export interface AnchoredRegex {
  readonly source: string;
  /** Whether the whole of `s` matches. */
  test(s: string): boolean;
  /** Capture groups of a whole-string match (index 0 is the match), or null. */
  exec(s: string): { [i: number]: string | undefined; groups?: Record<string, string | undefined> } | null;
}

/** Characters that make a pattern more than a literal. */
const META = /[\\.+*?()|[\]{}^$]/;

/** A backslash-escaped punctuation character is itself; any other escape (\d, \pL, \x41) is not a literal. */
function literalOf(p: string): string | null {
  if (!p.includes("\\")) return META.test(p) ? null : p;
  let out = "";
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === "\\") {
      const next = p[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return null;
      out += next;
      i++;
    } else if (META.test(ch)) return null;
    else out += ch;
  }
  return out;
}

type Fast = (s: string) => boolean;

/** A matcher for paren-free shapes, or null to use the automaton. `dotAll`: `.` also matches a newline. */
export function fastPath(pattern: string, dotAll: boolean): Fast | null {
  const noNewline = (s: string, from = 0) => dotAll || s.indexOf("\n", from) < 0;
  if (pattern === ".*") return (s) => noNewline(s);
  if (pattern === ".+") return (s) => s.length > 0 && noNewline(s);
  const lit = literalOf(pattern);
  if (lit !== null) return (s) => s === lit;
  if (pattern.includes("|") && !/[()]/.test(pattern)) {
    const parts = pattern.split("|").map(literalOf);
    if (parts.every((p) => p !== null)) {
      const set = new Set(parts as string[]);
      return (s) => set.has(s);
    }
  }
  if (pattern.endsWith(".*") && !pattern.endsWith("\\.*")) {
    const prefix = literalOf(pattern.slice(0, -2));
    if (prefix !== null) return (s) => s.startsWith(prefix) && noNewline(s, prefix.length);
  }
  if (pattern.length > 4 && pattern.startsWith(".*") && pattern.endsWith(".*") && !pattern.endsWith("\\.*")) {
    const inner = literalOf(pattern.slice(2, -2));
    if (inner !== null) return (s) => s.includes(inner) && noNewline(s);
  }
  if (pattern.startsWith(".*")) {
    const suffix = literalOf(pattern.slice(2));
    if (suffix !== null) return (s) => s.endsWith(suffix) && noNewline(s.slice(0, s.length - suffix.length));
  }
  return null;
}

/** The literal every match starts with (`checkout-` of `checkout-[a-z]+`), "" when there is none or when an
 * alternation at the top level could bypass it. A cheap `startsWith` rejects most values before the automaton. */
export function requiredPrefix(pattern: string): string {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\") i++;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "[") {
      // Skip a class: `|` or `(` inside one is literal.
      i++;
      if (pattern[i] === "^") i++;
      if (pattern[i] === "]") i++;
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
    } else if (ch === "|" && depth === 0) return "";
  }
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    let lit: string;
    let len = 1;
    if (ch === "\\") {
      const next = pattern[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break;
      lit = next;
      len = 2;
    } else if (META.test(ch)) break;
    else lit = ch;
    // A quantified character is optional or repeated: it cannot be part of the required prefix.
    if (/[*?{+]/.test(pattern[i + len] ?? "")) break;
    out += lit;
    i += len - 1;
  }
  return out;
}

/** `(?s:inner)` written by the Prometheus 3 mode around a paren-free pattern: the fast paths still apply. */
function unwrapDotAll(re: string): { inner: string; dotAll: boolean } {
  if (re.startsWith("(?s:") && re.endsWith(")")) {
    const inner = re.slice(4, -1);
    if (!/[()]/.test(inner)) return { inner, dotAll: true };
  }
  return { inner: re, dotAll: false };
}

class Compiled implements AnchoredRegex {
  private readonly re2: RE2JS;
  private readonly prefix: string;
  constructor(
    readonly source: string,
    private readonly fast: Fast | null,
  ) {
    // Compiled eagerly, so a syntax error surfaces where the pattern is written, not at the first match.
    this.re2 = RE2JS.compile(`^(?:${source})$`);
    this.prefix = requiredPrefix(source);
  }

  test(s: string): boolean {
    if (this.fast) return this.fast(s);
    return s.startsWith(this.prefix) && this.re2.testExact(s);
  }

  exec(s: string) {
    return this.re2.exec(s);
  }
}

const cache = new Map<string, AnchoredRegex>();

/** Compile a Prometheus regex, anchored at both ends. Throws PromQLError("bad_data") with Go's message. */
export function compileAnchored(re: string): AnchoredRegex {
  let hit = cache.get(re);
  if (hit) return hit;
  const { inner, dotAll } = unwrapDotAll(re);
  try {
    hit = new Compiled(re, fastPath(inner, dotAll));
  } catch (e) {
    throw new PromQLError("bad_data", (e as Error).message);
  }
  if (cache.size > 2000) cache.clear();
  cache.set(re, hit);
  return hit;
}

/** Prometheus 3 compiles label regexes as `^(?s:re)$`: `.` matches a newline. */
export function dotAllPattern(re: string): string {
  return `(?s:${re})`;
}
