import { describe, expect, it } from "vitest";
import { rootFirst } from "./correlate";
import { groupKeyOf, groupTitle, mergeTimeline, severityFor, worse } from "./incidents";

describe("incident grouping", () => {
  it("keys alerts by the grouping labels, in a stable order, and needs every one", () => {
    expect(groupKeyOf({ service: "checkout", region: "eu" }, ["service"])).toBe('{"service":"checkout"}');
    expect(groupKeyOf({ service: "a", env: "p" }, ["service", "env"])).toBe(
      groupKeyOf({ env: "p", service: "a" }, ["env", "service"]),
    );
    expect(groupKeyOf({ region: "eu" }, ["service"])).toBeNull();
    expect(groupKeyOf({ service: "" }, ["service"])).toBeNull();
    expect(groupKeyOf({ service: "x" }, [])).toBeNull();
  });

  it("severity, title, root and timeline order", () => {
    expect(severityFor("critical")).toBe("sev2");
    expect(severityFor("warning")).toBe("sev3");
    expect(worse("sev3", "sev1")).toBe("sev1");
    expect(groupTitle('{"service":"checkout"}', "Errors")).toBe("service=checkout: Errors");
    const key = groupKeyOf({ team: "pay", environment: "prod", region: "us" }, ["team", "environment", "region"]);
    expect(groupTitle(key as string, "E", ["team", "environment", "region"])).toBe(
      "team=pay, environment=prod, region=us: E",
    );
    const a = { id: "late", firingAt: 20, startedAt: 10 };
    const b = { id: "early", firingAt: 15, startedAt: 14 };
    expect(rootFirst([a, b]).map((x) => x.id)).toEqual(["early", "late"]);
    const t = mergeTimeline(
      [{ at: 2, kind: "x", by: null, data: {} }],
      [
        { at: 1, kind: "y", by: null, data: {} },
        { at: 2, kind: "z", by: null, data: {} },
      ],
    );
    expect(t.map((e) => e.kind)).toEqual(["y", "x", "z"]);
  });
});
