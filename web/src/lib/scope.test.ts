import { describe, expect, it } from "vitest";
import { parseScope, scopeMatchers } from "./scope";

describe("scope chips", () => {
  it("parses key=value, drops junk and duplicate keys", () => {
    expect(
      parseScope([
        "environment=production",
        "bad",
        "=x",
        "region=us-east-1",
        "region=us-west-2",
        "deployment.version=v3.41.0",
      ]),
    ).toEqual([
      { key: "environment", value: "production" },
      { key: "region", value: "us-east-1" },
      { key: "deployment.version", value: "v3.41.0" },
    ]);
  });
  it("renders PromQL matchers, quoting UTF-8 label names and values", () => {
    expect(
      scopeMatchers([
        { key: "region", value: 'a"b' },
        { key: "deployment.version", value: "v3" },
      ]),
    ).toBe('region="a\\"b","deployment.version"="v3"');
  });
});
