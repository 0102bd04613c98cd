import fc from "fast-check";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { PromQLError } from "./errors";
import { compileAnchored, dotAllPattern, fastPath, requiredPrefix } from "./regex";

const m = (re: string, s: string) => compileAnchored(re).test(s);

describe("Prometheus regexes on RE2", () => {
  it("anchors at both ends", () => {
    expect(m("api", "api")).toBe(true);
    expect(m("api", "xapi")).toBe(false);
    expect(m("a|b", "ab")).toBe(false);
  });
  it("speaks RE2 syntax", () => {
    expect(m("(?i)API", "api")).toBe(true);
    expect(m("(?i:PRO).*", "product")).toBe(true);
    expect(m(".*((?i)DUC).*", "production")).toBe(true);
    expect(m("(?P<x>a)b", "ab")).toBe(true);
    expect(m("[[:alpha:]]+[[:digit:]]", "abc1")).toBe(true);
    expect(m("a\\z", "a")).toBe(true);
    expect(m("a{,2}", "a{,2}")).toBe(true);
    expect(m("a{2}", "aa")).toBe(true);
    expect(m("\\Q.*\\E", ".*")).toBe(true);
    expect(m("\\Q.*\\E", "ab")).toBe(false);
    expect(m("a\\-b\\:c", "a-b:c")).toBe(true);
    expect(m("\\pL+", "héllo")).toBe(true);
    expect(m("(?U)a+", "aaa")).toBe(true);
  });
  it("lets `.` stop at a newline (2.x) unless wrapped as the 3.x mode does", () => {
    expect(m("a.c", "a\nc")).toBe(false);
    expect(m(dotAllPattern("a.c"), "a\nc")).toBe(true);
    expect(m(".+", "a\nc")).toBe(false);
    expect(m(dotAllPattern(".+"), "a\nc")).toBe(true);
  });
  it("rejects invalid patterns with bad_data and Go's message", () => {
    for (const bad of ["(", "[a", "a\\", "\\8", "a**", "x{1001}"]) {
      expect(() => compileAnchored(bad), bad).toThrow(PromQLError);
    }
    expect(() => compileAnchored("a**")).toThrow("invalid nested repetition operator");
  });
  it("matches hostile patterns in linear time", () => {
    const long = `${"a".repeat(5000)}!`;
    for (const re of ["(a+)+b", "(a|aa)*b", "(a*)*b", "(a|a?)+b", "(.*a){20}b", "((a+)+)+c"]) {
      expect(m(re, long), re).toBe(false);
    }
  });
  it("fast paths agree with RE2 on every input", () => {
    const patterns = ["", ".*", ".+", "foo", "foo|bar|", "api-.*", ".*-prod", "a\\.b", "a\\.b.*", "a\\\\|b"];
    for (const p of patterns) expect(fastPath(p, false), p).not.toBeNull();
    // An escaped `|` is not split on: left to the automaton.
    expect(fastPath("x|y\\|z", false)).toBeNull();
    for (const p of ["a.b", "(a|b)", "[ab]", "\\d+", "foo\\.*"]) expect(fastPath(p, false), p).toBeNull();
    const alphabet = fc.constantFrom("a", "p", "i", "-", "f", "o", "b", "r", ".", "|", "\n", "x", "y", "z", "\\");
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.array(alphabet, { maxLength: 8 }), fc.boolean(), (p, cs, dot) => {
        const s = cs.join("");
        const fast = fastPath(p, dot)!;
        const src = dot ? `^(?s:${p})$` : `^(?:${p})$`;
        expect(fast(s), `${p} on ${JSON.stringify(s)}`).toBe(RE2JS.compile(src).testExact(s));
      }),
      { numRuns: 2000 },
    );
  });
  it("cuts values by the required literal prefix without changing any verdict", () => {
    expect(requiredPrefix("checkout-[a-z]+")).toBe("checkout-");
    expect(requiredPrefix("ab?c")).toBe("a");
    expect(requiredPrefix("a\\.b(x|y)")).toBe("a.b");
    expect(requiredPrefix("ab|cd")).toBe("");
    expect(requiredPrefix("ab[|]c")).toBe("ab");
    expect(requiredPrefix("(?i)ab")).toBe("");
    const patterns = ["pa[y]+", "ab?c.*", "p(a|i)\\.x", "pa|ip", "x[|(]y", "f{2}o", "\\Qp.\\E+", ".*pa.*", "(?s:p.*)"];
    const alphabet = fc.constantFrom("a", "p", "i", ".", "|", "(", "\n", "x", "y", "f", "o", "b", "c");
    fc.assert(
      fc.property(fc.constantFrom(...patterns), fc.array(alphabet, { maxLength: 7 }), (p, cs) => {
        const s = cs.join("");
        expect(compileAnchored(p).test(s), `${p} on ${JSON.stringify(s)}`).toBe(
          RE2JS.compile(`^(?:${p})$`).testExact(s),
        );
      }),
      { numRuns: 3000 },
    );
  });
  it("returns capture groups of a whole match", () => {
    const r = compileAnchored("(?P<svc>[a-z]+)-(\\d+)").exec("api-12");
    expect(r?.[1]).toBe("api");
    expect(r?.[2]).toBe("12");
    expect(r?.groups?.svc).toBe("api");
    expect(compileAnchored("(a)").exec("ab")).toBeNull();
  });
});
