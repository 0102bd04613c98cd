import { describe, expect, it } from "vitest";
import { PromQLError } from "./errors";
import { compileAnchored } from "./regex";

const m = (re: string, s: string) => compileAnchored(re).test(s);

describe("RE2 -> JS regex translation", () => {
  it("anchors at both ends", () => {
    expect(m("api", "api")).toBe(true);
    expect(m("api", "xapi")).toBe(false);
    expect(m("a|b", "ab")).toBe(false);
  });
  it("supports RE2 syntax JS spells differently", () => {
    expect(m("(?i)API", "api")).toBe(true);
    expect(m("(?P<x>a)b", "ab")).toBe(true);
    expect(m("[[:alpha:]]+[[:digit:]]", "abc1")).toBe(true);
    expect(m("a\\z", "a")).toBe(true);
    expect(m("a{,2}", "a{,2}")).toBe(true);
    expect(m("a{2}", "aa")).toBe(true);
    expect(m("\\Q.*\\E", ".*")).toBe(true);
    expect(m("\\Q.*\\E", "ab")).toBe(false);
    expect(m("a\\-b\\:c", "a-b:c")).toBe(true);
    expect(m("\\pL+", "héllo")).toBe(true);
  });
  it("rejects invalid patterns with bad_data", () => {
    for (const bad of ["(", "[a", "a\\", "(?U)a", "\\8"]) {
      expect(() => compileAnchored(bad), bad).toThrow(PromQLError);
    }
  });
});
