import { describe, expect, it } from "vitest";
import commerce from "../../../../provisioning/dashboards/commerce-checkout.json";
import { dashboardModelSchema } from "../../../../core/contracts/dashboards";
import {
  ddxHref,
  formatStat,
  gridArea,
  newPanel,
  panelQuery,
  readingOrder,
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

  it("turns server markers into chart markers with the hover text as detail", () => {
    const text = "Deploy: checkout-service v3.41.0, Source: ArgoCD, Author: deploy-bot, Region: us-east-1";
    const ms = toChartMarkers([
      {
        id: "e1",
        time: 1000,
        title: "Deploy: checkout-service v3.41.0",
        category: "deploy",
        source: "ArgoCD",
        fields: [],
        text,
      },
    ]);
    expect(ms).toEqual([{ time: 1000, label: "Deploy: checkout-service v3.41.0", detail: text, color: "#a371f7" }]);
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
