import { describe, expect, it } from "vitest";
import { matches, parseMatcher, parseScopeParams, ScopeParseError } from "./trace-scope";

describe("trace scope", () => {
  it("maps friendly names to resource attributes", () => {
    expect(parseScopeParams(["environment=production", "region=~us-east-.*", "service!=frontend"])).toEqual([
      { key: "deployment.environment", op: "=", value: "production" },
      { key: "cloud.region", op: "=~", value: "us-east-.*" },
      { key: "service.name", op: "!=", value: "frontend" },
    ]);
  });
  it("keeps other names and strips quotes", () => {
    expect(parseMatcher('deployment.version = "v3.41.0"')).toEqual({
      key: "deployment.version",
      op: "=",
      value: "v3.41.0",
    });
    expect(parseMatcher("net.peer.name!~payment-.*")).toEqual({ key: "net.peer.name", op: "!~", value: "payment-.*" });
  });
  it("rejects malformed expressions and regexes", () => {
    expect(() => parseMatcher("justakey")).toThrow(ScopeParseError);
    expect(() => parseMatcher("a=~(")).toThrow(/invalid regex/);
  });
  it("anchors regexes and treats absent as empty", () => {
    expect(matches({ key: "r", op: "=~", value: "us-east-.*" }, "us-east-1")).toBe(true);
    expect(matches({ key: "r", op: "=~", value: "east" }, "us-east-1")).toBe(false);
    expect(matches({ key: "r", op: "!=", value: "x" }, undefined)).toBe(true);
    expect(matches({ key: "r", op: "=", value: "" }, undefined)).toBe(true);
  });
});
