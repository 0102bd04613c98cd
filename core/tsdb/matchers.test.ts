import { describe, expect, it } from "vitest";
import { MatcherError, matchValue, matchesEmpty } from "./matchers";

const re = (value: string, s: string) => matchValue({ name: "a", op: "=~", value }, s);

describe("label matchers", () => {
  it("anchors regexes at both ends; `.` stops at a newline as in Prometheus 2.x, not under (?s:) as in 3.x", () => {
    expect(re("room-[1-5]", "room-3")).toBe(true);
    expect(re("room-[1-5]", "xroom-3")).toBe(false);
    expect(re("a|b", "ab")).toBe(false);
    expect(re("a.b", "a\nb")).toBe(false);
    expect(re("(?s:a.b)", "a\nb")).toBe(true);
    expect(re(".*", "a\nb")).toBe(false);
    expect(re("(?s:.*)", "a\nb")).toBe(true);
  });

  it("accepts RE2 syntax that JavaScript spells differently", () => {
    expect(re("[[:digit:]]+", "123")).toBe(true);
    expect(re("[[:digit:]]+", "12a")).toBe(false);
    expect(re("(?i)GET", "get")).toBe(true);
    expect(re("\\Qa.b\\E", "a.b")).toBe(true);
    expect(re("\\Qa.b\\E", "axb")).toBe(false);
    expect(re("(?P<x>ab)c", "abc")).toBe(true);
  });

  it("treats an empty-matching regex as able to match an absent label", () => {
    expect(matchesEmpty({ name: "a", op: "=~", value: "x|" })).toBe(true);
    expect(matchesEmpty({ name: "a", op: "=~", value: "x+" })).toBe(false);
    expect(matchValue({ name: "a", op: "!~", value: "x+" }, "y")).toBe(true);
  });

  it("rejects invalid regexes with a MatcherError", () => {
    expect(() => re("(", "")).toThrow(MatcherError);
    expect(() => re("a\\8", "")).toThrow(MatcherError);
  });
});
