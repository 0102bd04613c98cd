import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { writeSeries } from "../../platform/metrics/write";
import { call, json, tokenWith } from "./helpers";

interface Dash {
  id: string;
  title: string;
  version: number;
  provisioned: boolean;
  model: {
    title: string;
    panels: Array<{ id: string; type: string; queries: Array<{ expr: string }> }>;
    eventOverlay?: unknown;
  };
}
interface Marker {
  id: string;
  time: number;
  title: string;
  category: string;
  text: string;
}

const model = (title: string, extra: object = {}) => ({
  title,
  panels: [
    {
      id: "rps",
      type: "timeseries",
      queries: [{ expr: "sum(rate(checkout_http_requests_total[5m]))" }],
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
    },
  ],
  ...extra,
});

describe("dashboards", () => {
  it("provisions the Commerce Checkout Dashboard once, idempotently", async () => {
    const list = (await (await call("/api/dashboards")).json()) as {
      dashboards: Array<{ id: string; title: string; provisioned: boolean; panelCount: number }>;
    };
    const commerce = list.dashboards.filter((d) => d.title === "Commerce Checkout Dashboard");
    expect(commerce).toHaveLength(1);
    expect(commerce[0]).toMatchObject({ id: "dash_commerce_checkout", provisioned: true });
    expect((await call("/api/dashboards/dash_commerce_checkout", { method: "DELETE" })).status).toBe(409);
    expect((await json("/api/dashboards/provision", {})).status).toBe(200);
    expect(((await (await json("/api/dashboards/provision", {})).json()) as { created: string[] }).created).toEqual([]);
    const n = await env.DB.prepare("SELECT COUNT(*) AS n FROM dashboards WHERE slug = 'commerce-checkout'").first<{
      n: number;
    }>();
    expect(n?.n).toBe(1);
    const d = (await (await call("/api/dashboards/dash_commerce_checkout")).json()) as Dash;
    expect((d as unknown as { markdownHtml: Record<string, string> }).markdownHtml.about).toContain(
      '<a href="/runbooks/checkout-error-rate-playbook" rel="noopener noreferrer"',
    );
    const types = new Set(d.model.panels.map((p) => p.type));
    expect([...types]).toEqual(expect.arrayContaining(["timeseries", "stat", "markdown"]));
    const exprs = d.model.panels.flatMap((p) => p.queries.map((q) => q.expr)).join("\n");
    expect(exprs).toMatch(
      /histogram_quantile\(0\.99, sum by \(le\) \(rate\(checkout_http_request_duration_seconds_bucket/,
    );
    expect(exprs).toContain("payment_gateway_http_requests_total");
    expect(exprs).toMatch(/sum by \(status\)/);
  });

  it("CRUD with versions, restore and optimistic concurrency", async () => {
    const writer = await tokenWith(["write"], "alice");
    let res = await json("/api/dashboards", { model: model("Payments overview") }, { token: writer });
    expect(res.status).toBe(201);
    const d = (await res.json()) as Dash;
    expect(d.version).toBe(1);

    res = await json(
      `/api/dashboards/${d.id}`,
      { model: model("Payments overview v2"), version: 1, message: "rename" },
      { method: "PUT", token: writer },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as Dash).version).toBe(2);

    res = await json(
      `/api/dashboards/${d.id}`,
      { model: model("stale edit"), version: 1 },
      { method: "PUT", token: writer },
    );
    expect(res.status).toBe(409);

    const versions = (await (await call(`/api/dashboards/${d.id}/versions`, { token: writer })).json()) as {
      current: number;
      versions: Array<{ version: number; title: string; message: string | null }>;
    };
    expect(versions.current).toBe(2);
    expect(versions.versions.map((v) => [v.version, v.title])).toEqual([
      [2, "Payments overview v2"],
      [1, "Payments overview"],
    ]);

    const v1 = (await (await call(`/api/dashboards/${d.id}/versions/1`, { token: writer })).json()) as {
      model: { title: string };
    };
    expect(v1.model.title).toBe("Payments overview");
    res = await json(`/api/dashboards/${d.id}/versions/1/restore`, {}, { token: writer });
    const restored = (await res.json()) as Dash;
    expect(restored).toMatchObject({ version: 3, title: "Payments overview" });
    expect((await json(`/api/dashboards/${d.id}/versions/99/restore`, {}, { token: writer })).status).toBe(404);

    expect((await call(`/api/dashboards/${d.id}`, { method: "DELETE", token: writer })).status).toBe(200);
    expect((await call(`/api/dashboards/${d.id}`)).status).toBe(404);
    expect((await call(`/api/dashboards/${d.id}/versions`)).status).toBe(404);
  });

  it("rejects invalid models with the path of the problem", async () => {
    const res = await json("/api/dashboards", {
      model: {
        title: "x",
        panels: [{ id: "a", type: "timeseries", queries: [{ expr: "up" }], gridPos: { x: 20, y: 0, w: 10, h: 4 } }],
      },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /panels\.0\.gridPos.*24 columns/,
    );
    expect(
      (
        await json("/api/dashboards", {
          model: { title: "x", panels: [{ id: "a", type: "pie", queries: [], gridPos: { x: 0, y: 0, w: 1, h: 1 } }] },
        })
      ).status,
    ).toBe(400);
  });

  it("stores a heatmap panel through create, save, export and import, and refuses one on a logs source", async () => {
    const heat = {
      id: "latency",
      type: "heatmap",
      title: "Checkout latency",
      queries: [{ expr: "rate(checkout_request_duration_seconds[5m])" }],
      gridPos: { x: 0, y: 8, w: 24, h: 8 },
    };
    const base = model("Latency heatmap");
    let res = await json("/api/dashboards", { model: { ...base, panels: [...base.panels, heat] } });
    expect(res.status).toBe(201);
    const d = (await res.json()) as Dash;
    expect(d.model.panels.map((p) => p.type)).toEqual(["timeseries", "heatmap"]);
    res = await json(
      `/api/dashboards/${d.id}`,
      { model: { ...d.model, panels: [{ ...heat, title: "p99 buckets" }] }, version: 1 },
      { method: "PUT" },
    );
    expect(res.status).toBe(200);
    const got = (await (await call(`/api/dashboards/${d.id}`)).json()) as Dash;
    expect(got.model.panels).toEqual([expect.objectContaining({ type: "heatmap", title: "p99 buckets" })]);

    const doc = (await (await call(`/api/dashboards/${d.id}/export`)).json()) as { model: Dash["model"] };
    const imported = (await (await json("/api/dashboards/import", doc)).json()) as Dash;
    expect(imported.id).not.toBe(d.id);
    expect(imported.model).toEqual(doc.model);
    expect(imported.model.panels[0]!.type).toBe("heatmap");

    const bad = await json("/api/dashboards/import", {
      title: "logs heatmap",
      panels: [{ ...heat, datasource: "logs" }],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      "heatmap panel 'latency' draws native histograms of a PromQL query: datasource must be metrics, not logs",
    );
  });

  it("exports and imports JSON", async () => {
    const exp = await call("/api/dashboards/dash_commerce_checkout/export");
    expect(exp.status).toBe(200);
    const doc = (await exp.json()) as { format: string; model: { title: string } };
    expect(doc.format).toBe("vigil.dashboard/v1");
    const imported = (await (await json("/api/dashboards/import", doc)).json()) as Dash;
    expect(imported.id).not.toBe("dash_commerce_checkout");
    expect(imported.model).toEqual(doc.model);
    const bare = await json("/api/dashboards/import", model("bare model"));
    expect(bare.status).toBe(201);
    expect((await json("/api/dashboards/import", { format: "vigil.dashboard/v1", model: { title: "" } })).status).toBe(
      400,
    );
  });

  it("returns deploy markers with hover text for the event overlay", async () => {
    const t0 = Date.now() - 40 * 60_000;
    const ingest = await tokenWith(["ingest"], "deploy-bot");
    const deploy = await json(
      "/api/change-events",
      {
        title: "Deploy: checkout-service v3.41.0",
        source: "ArgoCD",
        category: "deploys",
        happened_at: t0,
        labels: { service: "checkout-service", author: "deploy-bot", region: "us-east-1", version: "v3.41.0" },
      },
      { token: ingest },
    );
    expect(deploy.status).toBe(201);
    await json(
      "/api/change-events",
      {
        title: "Rollback: checkout-service v3.40.2",
        source: "ArgoCD",
        category: "deploys",
        happened_at: t0 + 36 * 60_000,
        labels: {
          service: "checkout-service",
          author: "deploy-bot",
          region: "us-east-1",
          reason: "v3.41.0 DNS misconfiguration causing 503s",
        },
      },
      { token: ingest },
    );
    await json(
      "/api/change-events",
      { title: "Cert rotated", source: "terraform", category: "third_party", happened_at: t0 + 60_000 },
      { token: ingest },
    );
    await json(
      "/api/change-events",
      {
        title: "Deploy: checkout-service v3.41.0 (old)",
        source: "ArgoCD",
        category: "deploys",
        happened_at: t0 - 5 * 3_600_000,
      },
      { token: ingest },
    );

    const res = await call(
      `/api/dashboards/dash_commerce_checkout/events?from=${t0 - 10 * 60_000}&to=${t0 + 50 * 60_000}`,
    );
    expect(res.status).toBe(200);
    const { markers } = (await res.json()) as { markers: Marker[] };
    expect(markers.map((m) => m.title)).toEqual([
      "Deploy: checkout-service v3.41.0",
      "Rollback: checkout-service v3.40.2",
    ]);
    expect(markers[0]!.text).toBe(
      "Deploy: checkout-service v3.41.0, Source: ArgoCD, Author: deploy-bot, Region: us-east-1",
    );
    expect(markers[1]!.text).toContain("Reason: v3.41.0 DNS misconfiguration causing 503s");
    expect(markers[0]!.time).toBe(t0);

    // A label filter bound to a variable narrows the overlay; the URL can override the variable.
    const dash = (await (
      await json("/api/dashboards", {
        model: model("Regional", {
          variables: [{ name: "region", type: "custom", options: ["us-east-1", "us-west-2"], current: "us-west-2" }],
          eventOverlay: {
            categories: ["deploys"],
            labels: { region: "$region" },
            hoverFields: [{ label: "Source", field: "source" }],
          },
        }),
      })
    ).json()) as Dash;
    const west = (await (
      await call(`/api/dashboards/${dash.id}/events?from=${t0 - 60_000}&to=${t0 + 60_000}`)
    ).json()) as { markers: Marker[] };
    expect(west.markers).toEqual([]);
    const east = (await (
      await call(`/api/dashboards/${dash.id}/events?from=${t0 - 60_000}&to=${t0 + 60_000}&var-region=us-east-1`)
    ).json()) as { markers: Marker[] };
    expect(east.markers.map((m) => m.text)).toEqual(["Deploy: checkout-service v3.41.0, Source: ArgoCD"]);

    expect((await call(`/api/dashboards/dash_commerce_checkout/events?from=${t0}&to=${t0 - 1}`)).status).toBe(400);
    expect((await call(`/api/dashboards/dash_commerce_checkout/events?from=garbage`)).status).toBe(400);
  });

  it("freezes a panel snapshot", async () => {
    const data = { resultType: "matrix", result: [{ metric: { status: "503" }, values: [[1700000000, "3.1"]] }] };
    const res = await json("/api/dashboards/dash_commerce_checkout/panels/error-breakdown/snapshot", {
      from: 1700000000000,
      to: 1700003600000,
      data,
    });
    expect(res.status).toBe(201);
    const snap = (await res.json()) as { id: string; title: string; query: string };
    expect(snap.title).toBe("Error breakdown by status");
    expect(snap.query).toContain("sum by (status)");
    const got = (await (await call(`/api/snapshots/${snap.id}`)).json()) as { data: unknown; from: number; to: number };
    expect(got).toMatchObject({ data, from: 1700000000000, to: 1700003600000 });
    const list = (await (await call("/api/dashboards/dash_commerce_checkout/snapshots")).json()) as {
      snapshots: Array<{ id: string }>;
    };
    expect(list.snapshots.map((s) => s.id)).toContain(snap.id);
    expect(
      (await json("/api/dashboards/dash_commerce_checkout/panels/nope/snapshot", { from: 1, to: 2, data })).status,
    ).toBe(404);
    expect(
      (await json("/api/dashboards/dash_commerce_checkout/panels/error-breakdown/snapshot", { from: 2, to: 1, data }))
        .status,
    ).toBe(400);
    expect((await call("/api/snapshots/snap_nope")).status).toBe(404);
  });

  it("freezes a metrics panel by running its queries on the server", async () => {
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 20 * 60_000;
    const timestamps = Array.from({ length: 41 }, (_, i) => t0 + i * 15_000);
    const labels = (region: string, status: string) => ({
      __name__: "checkout_http_requests_total",
      service: "checkout-service",
      environment: "production",
      region,
      endpoint: "/v2/process-payment",
      method: "POST",
      status,
      pod: "p1",
    });
    await writeSeries(
      env,
      [
        { labels: labels("us-east-1", "503"), timestamps, values: Float64Array.from(timestamps.map((_, i) => i * 30)) },
        {
          labels: labels("us-west-2", "200"),
          timestamps,
          values: Float64Array.from(timestamps.map((_, i) => i * 300)),
        },
      ],
      [],
    );
    const res = await json("/api/dashboards/dash_commerce_checkout/panels/error-breakdown/snapshot", {
      from: t0 + 6 * 60_000,
      to: t0 + 9 * 60_000,
    });
    expect(res.status).toBe(201);
    const snap = (await res.json()) as {
      data: {
        source: string;
        step: number;
        queries: Array<{
          expr: string;
          data: {
            resultType: string;
            result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
          };
        }>;
      };
    };
    expect(snap.data.source).toBe("server");
    const q = snap.data.queries[0]!;
    expect(q.expr).toContain('environment="production",region=~".*"');
    expect(q.data.resultType).toBe("matrix");
    expect(q.data.result.map((r) => r.metric)).toEqual([{ status: "503" }]);
    // 30 requests every 15 s is 2 req/s.
    for (const [, v] of q.data.result[0]!.values) expect(Number(v)).toBeCloseTo(2, 6);
    const west = await json("/api/dashboards/dash_commerce_checkout/panels/request-rate/snapshot", {
      from: t0 + 6 * 60_000,
      to: t0 + 9 * 60_000,
      vars: { region: "us-west-2" },
    });
    const w = (await west.json()) as {
      data: {
        queries: Array<{
          data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
        }>;
      };
    };
    expect(w.data.queries[0]!.data.result[0]!.values[0]![1]).toBe("20");
    expect(
      (await json("/api/dashboards/dash_commerce_checkout/panels/service-map/snapshot", { from: t0, to: t0 + 60_000 }))
        .status,
    ).toBe(400);
  });

  it("records dashboard views", async () => {
    const t = await tokenWith(["read"], "viewer-1");
    await call("/api/dashboards/dash_commerce_checkout", { token: t });
    const row = await env.DB.prepare(
      "SELECT kind, target_id, title FROM recent_views WHERE user_id = 'viewer-1'",
    ).first();
    expect(row).toEqual({
      kind: "dashboard",
      target_id: "dash_commerce_checkout",
      title: "Commerce Checkout Dashboard",
    });
  });
});
