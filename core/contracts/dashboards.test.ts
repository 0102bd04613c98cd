import { describe, expect, it } from "vitest";
import commerce from "../../provisioning/dashboards/commerce-checkout.json";
import type { ChangeEvent } from "./change-events";
import { dashboardModelSchema, exportDashboard, unwrapImport } from "./dashboards";
import { resolveLabelFilter, toMarkers } from "../workspace/event-markers";

const panel = (over: object = {}) => ({
  id: "p1",
  type: "timeseries",
  queries: [{ expr: "up" }],
  gridPos: { x: 0, y: 0, w: 12, h: 8 },
  ...over,
});

describe("dashboard model", () => {
  it("applies defaults and accepts every panel type", () => {
    const m = dashboardModelSchema.parse({
      title: "t",
      panels: [panel(), panel({ id: "md", type: "markdown", queries: [], content: "# hi" })],
    });
    expect(m.time).toEqual({ from: "now-1h", to: "now" });
    expect(m.panels[0]!.datasource).toBe("metrics");
    for (const type of ["heatmap", "stat", "table", "logs", "traces", "service_map"])
      expect(dashboardModelSchema.safeParse({ title: "t", panels: [panel({ type })] }).success).toBe(true);
  });

  it("rejects bad grids, duplicate ids, query-less panels and unknown types", () => {
    const bad = [
      { title: "t", panels: [panel({ gridPos: { x: 20, y: 0, w: 8, h: 4 } })] },
      { title: "t", panels: [panel(), panel()] },
      { title: "t", panels: [panel({ queries: [] })] },
      { title: "t", panels: [panel({ type: "iframe" })] },
      { title: "t", refresh: "soon" },
      { title: "t", eventOverlay: { hoverFields: [{ label: "x", field: "payload" }] } },
    ];
    for (const b of bad) expect(dashboardModelSchema.safeParse(b).success, JSON.stringify(b)).toBe(false);
  });

  it("keeps a heatmap panel, and refuses one without a query or on a logs or traces source by name", () => {
    const m = dashboardModelSchema.parse({
      title: "t",
      panels: [
        panel({ id: "lat", type: "heatmap", queries: [{ expr: "rate(checkout_request_duration_seconds[5m])" }] }),
      ],
    });
    expect(m.panels[0]).toMatchObject({ type: "heatmap", datasource: "metrics" });
    const doc = JSON.parse(JSON.stringify(exportDashboard(m, { id: "d1", version: 1, exportedAt: 0 })));
    expect(dashboardModelSchema.parse(unwrapImport(doc)).panels[0]!.type).toBe("heatmap");

    const noQuery = dashboardModelSchema.safeParse({ title: "t", panels: [panel({ type: "heatmap", queries: [] })] });
    expect(noQuery.error?.issues).toEqual([
      expect.objectContaining({ path: ["panels", 0, "queries"], message: "heatmap panel 'p1' needs a query" }),
    ]);
    const logs = dashboardModelSchema.safeParse({
      title: "t",
      panels: [panel({ type: "heatmap", datasource: "logs", queries: [{ expr: 'service.name="x"' }] })],
    });
    expect(logs.error?.issues).toEqual([
      expect.objectContaining({
        path: ["panels", 0, "datasource"],
        message: "heatmap panel 'p1' draws native histograms of a PromQL query: datasource must be metrics, not logs",
      }),
    ]);
    expect(dashboardModelSchema.safeParse({ title: "t", panels: [panel({ type: "Heatmap" })] }).success).toBe(false);
  });

  it("round-trips through export and import", () => {
    const m = dashboardModelSchema.parse({ title: "t", panels: [panel()] });
    const doc = JSON.parse(JSON.stringify(exportDashboard(m, { id: "d1", version: 3, exportedAt: 0 })));
    expect(dashboardModelSchema.parse(unwrapImport(doc))).toEqual(m);
    expect(unwrapImport(m)).toBe(m);
  });

  it("the provisioned Commerce Checkout Dashboard is a valid model", () => {
    const m = dashboardModelSchema.parse(commerce);
    expect(m.title).toBe("Commerce Checkout Dashboard");
    const exprs = m.panels.flatMap((p) => p.queries.map((q) => q.expr)).join("\n");
    expect(exprs).toContain("histogram_quantile(0.99");
    expect(exprs).toContain("checkout_http_request_duration_seconds_bucket");
    expect(exprs).toContain("payment");
    expect(m.eventOverlay?.categories).toContain("deploys");
  });
});

describe("event markers", () => {
  const ev = (over: Partial<ChangeEvent>): ChangeEvent => ({
    id: "e1",
    title: "Deploy: checkout-service v3.41.0",
    source: "ArgoCD",
    category: "deploys",
    type: "deploy",
    happenedAt: 10,
    labels: { author: "deploy-bot", region: "us-east-1", service: "checkout-service" },
    payload: null,
    createdBy: "x",
    createdAt: 10,
    ...over,
  });

  it("builds the hover text from the overlay fields", () => {
    const hover = [
      { label: "Source", field: "source" },
      { label: "Author", field: "labels.author" },
      { label: "Region", field: "labels.region" },
      { label: "Ticket", field: "labels.ticket" },
    ];
    const [m] = toMarkers([ev({})], { hoverFields: hover });
    expect(m!.text).toBe("Deploy: checkout-service v3.41.0, Source: ArgoCD, Author: deploy-bot, Region: us-east-1");
    expect(m!.fields).toHaveLength(3);
  });

  it("sorts oldest first", () => {
    expect(
      toMarkers([ev({ id: "b", happenedAt: 20 }), ev({ id: "a", happenedAt: 5 })], { hoverFields: [] }).map(
        (m) => m.id,
      ),
    ).toEqual(["a", "b"]);
  });

  it("resolves $variables in label filters and drops All", () => {
    expect(
      resolveLabelFilter(
        { service: "checkout-service", region: "$region", env: "$environment" },
        { region: "us-east-1", environment: "All" },
      ),
    ).toEqual({ service: "checkout-service", region: "us-east-1" });
  });
});

import { autoStep, currentValues, interpolate } from "./dashboard-vars";

describe("dashboard variables", () => {
  it("substitutes current values and URL overrides into queries", () => {
    const vars = currentValues(dashboardModelSchema.parse(commerce), { region: "us-east-1" });
    expect(vars).toEqual({ environment: "production", region: "us-east-1" });
    expect(interpolate('up{environment="$environment",region=~"${region}",x="[[region]]",y="$unknown"}', vars)).toBe(
      'up{environment="production",region=~"us-east-1",x="us-east-1",y="$unknown"}',
    );
    expect(interpolate('up{region=~"$r"}', { r: ["us-east-1", "us-west-2"] })).toBe(
      'up{region=~"(us-east-1|us-west-2)"}',
    );
  });

  it("picks a step near 300 points", () => {
    expect(autoStep(0, 3_600_000)).toBe(12_000);
    expect(autoStep(0, 10_000)).toBe(1_000);
  });
});
