import { describe, expect, it } from "vitest";
import { menuHref, patchSearch, withGlobals } from "./url-state";

describe("url state", () => {
  it("carries scope, range and utc into in-app links", () => {
    const cur = "?scope=environment%3Dproduction&scope=region%3Dus-east-1&from=now-3h&q=up&utc=1";
    const href = withGlobals("/alerts?state=firing", cur);
    const p = new URLSearchParams(href.split("?")[1]);
    expect(href.startsWith("/alerts?")).toBe(true);
    expect(p.getAll("scope")).toEqual(["environment=production", "region=us-east-1"]);
    expect(p.get("from")).toBe("now-3h");
    expect(p.get("utc")).toBe("1");
    expect(p.get("q")).toBeNull();
    expect(p.get("state")).toBe("firing");
  });
  it("a link that sets its own range keeps it", () => {
    expect(withGlobals("/explorer?from=1&to=2", "?from=now-3h")).toBe("/explorer?from=1&to=2");
  });
  it("patches: null deletes, arrays repeat", () => {
    expect(patchSearch("?a=1&b=2", { a: null, c: ["x", "y"] })).toBe("?b=2&c=x&c=y");
    expect(patchSearch("?a=1", { a: null })).toBe("");
  });
  it("the menu keeps a relative range but drops one pinned by an alert or a DDx", () => {
    const rel = "?scope=region%3Dus-east-1&from=now-6h";
    expect(menuHref("/dashboards", rel, null)).toBe("/dashboards?scope=region%3Dus-east-1&from=now-6h");
    const pinned = "?scope=region%3Dus-east-1&from=1700000000000&to=1700001800000&utc=1";
    expect(menuHref("/changes", pinned, null)).toBe("/changes?scope=region%3Dus-east-1&utc=1");
    expect(menuHref("/changes", pinned, { from: "now-15m", to: "now" })).toBe(
      "/changes?scope=region%3Dus-east-1&from=now-15m&utc=1",
    );
  });
});
