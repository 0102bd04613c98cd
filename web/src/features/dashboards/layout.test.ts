import { describe, expect, it } from "vitest";
import commerce from "../../../../provisioning/dashboards/commerce-checkout.json";
import { dashboardModelSchema } from "../../../../core/contracts/dashboards";
import {
  ddxHref,
  formatStat,
  gridArea,
  legendOf,
  newPanel,
  panelQuery,
  readingOrder,
  scopedVars,
  toChartMarkers,
  varsFromUrl,
} from "./layout";

const model = dashboardModelSchema.parse(commerce);

describe("dashboard layout helpers", () => {
  it("maps gridPos to 1-based CSS grid lines", () => {
    expect(gridArea({ gridPos: { x: 6, y: 4, w: 12, h: 8 } })).toEqual({
      "grid-column": "7 / span 12",
      "grid-row": "5 / span 8",
    });
    expect(gridArea({ gridPos: { x: 0, y: 0, w: 24, h: 1 } })).toEqual({
      "grid-column": "1 / span 24",
      "grid-row": "1 / span 1",
    });
  });

  it("orders panels top to bottom, then left to right, for the phone's single column", () => {
    const ps = [
      { id: "c", gridPos: { x: 0, y: 8, w: 6, h: 4 } },
      { id: "b", gridPos: { x: 12, y: 0, w: 6, h: 4 } },
      { id: "a", gridPos: { x: 0, y: 0, w: 6, h: 4 } },
    ];
    expect(readingOrder(ps).map((p) => p.id)).toEqual(["a", "b", "c"]);
  });

  it("takes variable values from the URL over the model defaults and substitutes them", () => {
    const defaults = varsFromUrl(model, new URLSearchParams());
    expect(defaults).toEqual({ environment: "production", region: ".*" });
    const vars = varsFromUrl(model, new URLSearchParams("var-region=us-east-1&var-unknown=x"));
    expect(vars.region).toBe("us-east-1");
    expect(vars).not.toHaveProperty("unknown");
    expect(panelQuery('rate(x{environment="$environment",region=~"${region}"}[5m])', vars)).toBe(
      'rate(x{environment="production",region=~"us-east-1"}[5m])',
    );
    expect(panelQuery('up{a="$missing"}', vars)).toBe('up{a="$missing"}');
  });

  it("turns server markers into chart markers with a card, telling deploys, rollbacks and alerts apart", () => {
    const text = "Deploy: checkout-service v3.41.0, Source: ArgoCD, Author: deploy-bot, Region: us-east-1";
    const base = { source: "ArgoCD", fields: [], text, category: "deploys" };
    const ms = toChartMarkers([
      {
        ...base,
        id: "e1",
        time: 1000,
        title: "Deploy: checkout-service v3.41.0",
        type: "deploy",
        labels: { author: "deploy-bot", region: "us-east-1" },
      },
      {
        ...base,
        id: "e2",
        time: 2000,
        title: "Rollback: checkout-service v3.40.2",
        type: "rollback",
        labels: { reason: "v3.41.0 DNS misconfiguration causing 503s" },
      },
      {
        ...base,
        id: "chg_t1",
        time: 1500,
        title: "Checkout error budget burn critical firing",
        category: "alerts",
        type: "alert_firing",
        source: "Vigil alerting",
        labels: {},
        alertId: "alr_1",
      },
    ]);
    expect(ms[0]).toMatchObject({
      time: 1000,
      label: "Deploy: checkout-service v3.41.0",
      detail: text,
      kind: "deploy",
      card: { source: "ArgoCD", author: "deploy-bot", region: "us-east-1", href: "/changes?id=e1" },
    });
    expect(ms[1]).toMatchObject({ kind: "rollback", card: { reason: "v3.41.0 DNS misconfiguration causing 503s" } });
    expect(ms[2]).toMatchObject({ kind: "alert", group: "alr_1", state: "firing", card: { href: "/alerts/alr_1" } });
  });

  it("takes variables from the pinned scope", () => {
    const r = scopedVars(model, { environment: "production", region: ".*" }, [{ key: "region", value: "us-east-1" }]);
    expect(r.vars).toEqual({ environment: "production", region: "us-east-1" });
    expect([...r.fromScope]).toEqual(["region"]);
  });

  it("fills legend templates with a series' labels", () => {
    expect(legendOf("{{method}} {{endpoint}}", { method: "POST", endpoint: "/v2/cart" })).toBe("POST /v2/cart");
    expect(legendOf("p99", {})).toBe("p99");
    expect(legendOf(undefined, { a: "b" })).toBe("");
  });

  it("adds a panel with a fresh id below the others", () => {
    const p = newPanel(model);
    expect(model.panels.some((x) => x.id === p.id)).toBe(false);
    expect(p.gridPos.y).toBe(Math.max(...model.panels.map((x) => x.gridPos.y + x.gridPos.h)));
    expect(dashboardModelSchema.safeParse({ ...model, panels: [...model.panels, p] }).success).toBe(true);
  });

  it("builds DDx links and formats stats", () => {
    expect(ddxHref("up", { from: "now-3h", to: "now" })).toBe("/ddx?q=up&from=now-3h&to=now");
    expect(formatStat(0.0512, "percentunit")).toBe("5.12%");
    expect(formatStat(1234.4, "req/min")).toBe("1234 req/min");
    expect(formatStat(null)).toBe("–");
  });
});

describe("chart units", () => {
  it("maps percentunit to percent with values scaled", async () => {
    const { chartUnit } = await import("./layout");
    expect(chartUnit("percentunit")).toEqual({ unit: "%", scale: 100 });
    expect(chartUnit("req/s")).toEqual({ unit: "req/s", scale: 1 });
  });
});
