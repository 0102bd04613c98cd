// /api/v1/rules and /api/v1/alerts rendered from a firing monitor, checked against the shapes Prometheus
// documents (https://prometheus.io/docs/prometheus/latest/querying/api/#rules and #alerts), which Grafana's
// Prometheus data source and alert list read. Targets and status endpoints answer valid, honest bodies.
import { afterAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { call } from "./helpers";
import { check, Clock, createMonitor, gauge, privateBase } from "./lib/monitor-fixture";

const clock = new Clock(privateBase(140));
afterAll(() => void vi.useRealTimers());

const rfc3339 = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
const labels = z.record(z.string(), z.string());
const alert = z.strictObject({
  labels,
  annotations: labels,
  state: z.enum(["pending", "firing"]),
  activeAt: rfc3339,
  keepFiringSince: rfc3339.optional(), // only on a nodata alert (monitors.nodata.test.ts)
  value: z.string().regex(/^(NaN|[+-]Inf|-?\d(\.\d+)?e[+-]\d{2,})$/),
});
const rule = z.strictObject({
  type: z.literal("alerting"),
  name: z.string(),
  query: z.string(),
  duration: z.number(),
  keepFiringFor: z.number(),
  labels,
  annotations: labels,
  alerts: z.array(alert),
  state: z.enum(["inactive", "pending", "firing"]),
  health: z.enum(["ok", "err", "unknown"]),
  lastError: z.string(),
  evaluationTime: z.number(),
  lastEvaluation: rfc3339,
});
const rulesResponse = z.strictObject({
  status: z.literal("success"),
  data: z.strictObject({
    groups: z.array(
      z.strictObject({
        name: z.string(),
        file: z.string(),
        interval: z.number(),
        limit: z.number(),
        rules: z.array(rule),
        evaluationTime: z.number(),
        lastEvaluation: rfc3339,
      }),
    ),
  }),
});
const alertsResponse = z.strictObject({
  status: z.literal("success"),
  data: z.strictObject({ alerts: z.array(alert) }),
});

const get = async (path: string) => {
  const res = await call(path);
  expect(res.status, path).toBe(200);
  return res.json();
};

describe("Prometheus rules and alerts API from Vigil's monitors", () => {
  it("renders a firing monitor as a firing alerting rule with its active alert", async () => {
    const metric = `rules_api_${Math.random().toString(36).slice(2, 8)}`;
    await gauge(metric, { region: "us-east-1" }, clock.now, 7);
    await gauge(metric, { region: "eu-west-1" }, clock.now, 0.5);
    const m = await createMonitor({
      name: `Rules ${metric}`,
      query: metric,
      collection: "rules-api",
      annotations: { summary: "{{ $labels.region }} is at {{ $value }}" },
      labels: { team: "payments" },
      conditions: [{ severity: "critical", operator: ">", threshold: 1, sustain: "0s", resolveWindow: "1m" }],
    });
    expect(await check(m.id)).toBe(true);

    const body = rulesResponse.parse(await get("/api/v1/rules"));
    const group = body.data.groups.find((g) => g.name === `Rules ${metric}`);
    expect(group).toMatchObject({ file: "rules-api", interval: 15, limit: 0 });
    const r = group!.rules[0];
    expect(r).toMatchObject({
      name: `Rules ${metric}`,
      query: `(${metric}) > 1`,
      duration: 0,
      keepFiringFor: 60,
      labels: { team: "payments", severity: "critical", monitor: m.slug },
      state: "firing",
      health: "ok",
      lastError: "",
      lastEvaluation: new Date(clock.now).toISOString(),
    });
    expect(r.alerts).toHaveLength(1);
    expect(r.alerts[0]).toMatchObject({
      state: "firing",
      activeAt: new Date(clock.now).toISOString(),
      value: "7e+00",
      annotations: { summary: "us-east-1 is at 7" },
    });
    expect(r.alerts[0].labels).toMatchObject({
      alertname: `Rules ${metric}`,
      region: "us-east-1",
      severity: "critical",
    });

    const alerts = alertsResponse.parse(await get("/api/v1/alerts"));
    expect(alerts.data.alerts.filter((a) => a.labels.alertname === `Rules ${metric}`)).toEqual(r.alerts);

    // Filters Grafana and promtool use.
    const none = rulesResponse.parse(await get("/api/v1/rules?type=record"));
    expect(none.data.groups).toEqual([]);
    const named = rulesResponse.parse(
      await get(`/api/v1/rules?rule_name[]=${encodeURIComponent(`Rules ${metric}`)}&exclude_alerts=true`),
    );
    expect(named.data.groups).toHaveLength(1);
    expect(named.data.groups[0].rules[0].alerts).toEqual([]);
    expect((await call("/api/v1/rules?type=bogus")).status).toBe(400);
  });

  it("shows a monitor whose query fails as health err with the error", async () => {
    const m = await createMonitor({
      name: "Rules broken query",
      query: 'label_replace(vector(1), "x", "$1", "y", "(")',
    });
    await check(m.id);
    const body = rulesResponse.parse(await get("/api/v1/rules"));
    const r = body.data.groups.find((g) => g.name === "Rules broken query")!.rules[0];
    expect(r.health).toBe("err");
    expect(r.lastError).toMatch(/invalid regular expression/);
  });

  it("answers targets and status endpoints with valid, honest bodies", async () => {
    expect(((await get("/api/v1/targets")) as any).data).toEqual({
      activeTargets: [],
      droppedTargets: [],
      droppedTargetCounts: {},
    });
    const flags = ((await get("/api/v1/status/flags")) as any).data;
    expect(flags["query.max-samples"]).toBe("50000000");
    expect(flags["storage.tsdb.retention.time"]).toMatch(/^\d+d$/);
    expect(((await get("/api/v1/status/config")) as any).data.yaml).toMatch(/scrape_configs: \[\]/);
    const rt = ((await get("/api/v1/status/runtimeinfo")) as any).data;
    expect(rt.storageRetention).toMatch(/^\d+d$/);
    expect(rfc3339.safeParse(rt.startTime).success).toBe(true);
    const tsdb = ((await get("/api/v1/status/tsdb")) as any).data;
    expect(tsdb.headStats.numSeries).toBeGreaterThan(0);
    expect(((await get("/api/v1/status/walreplay")) as any).data).toEqual({ min: 0, max: 0, current: 0 });
  });
});
