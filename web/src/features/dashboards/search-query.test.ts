import { describe, expect, it } from "vitest";
import { logsApiQuery, logsExplorerHref, parsePanelSearch, tracesApiQuery, tracesExplorerHref } from "./search-query";

describe("parsePanelSearch", () => {
  it("reads the provisioned service-map query", () => {
    const s = parsePanelSearch('service.name="checkout-service"');
    expect(s.service).toBe("checkout-service");
    expect(s.tags).toEqual([]);
    expect(s.text).toBe("");
  });

  it("splits known keys, attribute filters and free text", () => {
    const s = parsePanelSearch(
      'service=payment-gateway severity>=warn status=error http.status_code=503 region!~"us-west-.*" "card declined" timeout',
    );
    expect(s).toMatchObject({
      service: "payment-gateway",
      severity: "warn",
      status: "error",
      text: "card declined timeout",
    });
    expect(s.tags).toEqual(["http.status_code=503", "region!~us-west-.*"]);
  });

  it("substitutes variables and drops the All option", () => {
    const s = parsePanelSearch(
      'service.name="checkout-service" region=~"$region" deployment.environment="$environment"',
      { region: ".*", environment: "production" },
    );
    expect(s.tags).toEqual(["deployment.environment=production"]);
    expect(parsePanelSearch("region=$region", { region: "us-east-1" }).tags).toEqual(["region=us-east-1"]);
  });

  it("keeps escaped quotes inside a phrase", () => {
    expect(parsePanelSearch('"say \\"hi\\""').text).toBe('say "hi"');
  });

  it("builds API queries and explorer links with the same filters", () => {
    const s = parsePanelSearch('service.name="checkout-service" severity=error http.status_code=503 DNS');
    expect(logsApiQuery(s, ["environment=production"], 1000.4, 2000.2, 50)).toEqual({
      start: "1000",
      end: "2001",
      service: "checkout-service",
      severity: "error",
      q: "DNS",
      traceId: undefined,
      tag: ["http.status_code=503"],
      scope: ["environment=production"],
      limit: "50",
    });
    expect(logsExplorerHref(s)).toBe("/logs?service=checkout-service&severity=error&q=DNS&attr=http.status_code%3D503");
    const t = parsePanelSearch("service=payment-gateway status=error duration>500ms");
    expect(tracesApiQuery(t, [], 0, 1, 10)).toMatchObject({
      service: "payment-gateway",
      status: "error",
      minDuration: "500ms",
      scope: undefined,
      limit: "10",
    });
    expect(tracesExplorerHref(t)).toBe("/traces?service=payment-gateway&status=error&minDuration=500ms");
    expect(tracesExplorerHref(parsePanelSearch(""))).toBe("/traces");
  });
});
