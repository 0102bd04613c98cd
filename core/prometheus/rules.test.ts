import { describe, expect, it } from "vitest";
import type { SignalSeverityState } from "../alerting/types";
import type { MonitorDef } from "../contracts/alerting";
import { alertsBody, goExp, type MonitorView, rulesBody } from "./rules";

const def: MonitorDef = {
  id: "m_1",
  slug: "checkout-errors",
  name: "Checkout error rate",
  version: 1,
  collection: "payments",
  team: "",
  query: 'sum by (region) (rate(errors_total{service="checkout"}[1m]))',
  intervalSeconds: 60,
  conditions: [
    { severity: "critical", operator: ">", threshold: 0.05, sustainMs: 180_000, resolveWindowMs: 60_000 },
    { severity: "warning", operator: ">", threshold: 0.01, sustainMs: 0, resolveWindowMs: 0 },
  ],
  signals: { mode: "labels", keys: ["region"] },
  noData: "ok",
  annotations: { summary: "Errors in {{ $labels.region }} at {{ $value }}" },
  channels: [],
  repeatIntervalMs: 3_600_000,
  labels: { team: "payments" },
  enabled: true,
  createdBy: "u",
  createdAt: 1,
  updatedAt: 1,
};

const entry = (over: Partial<SignalSeverityState>): SignalSeverityState => ({
  signalKey: "region=us-east-1",
  labels: { region: "us-east-1" },
  severity: "critical",
  state: "firing",
  alertId: "a_1",
  activeAt: Date.parse("2026-05-01T10:00:00Z"),
  firingAt: Date.parse("2026-05-01T10:03:00Z"),
  clearSince: null,
  resolvedAt: null,
  lastValue: 0.125,
  lastEvalAt: 0,
  changes: [],
  flapping: false,
  ...over,
});

const view = (over: Partial<MonitorView> = {}): MonitorView => ({
  definition: def,
  state: {
    seq: 3,
    entries: {
      a: entry({}),
      b: entry({ severity: "warning", state: "firing" }),
      c: entry({ signalKey: "region=eu", labels: { region: "eu" }, severity: "critical", state: "ok", activeAt: null }),
    },
  },
  lastCheck: { at: Date.parse("2026-05-01T10:05:00Z"), ranAt: Date.parse("2026-05-01T10:05:01Z"), error: null },
  ...over,
});

describe("monitors as Prometheus alerting rules", () => {
  it("renders one group per monitor and one rule per condition, shaped as Prometheus' API", () => {
    const { groups } = rulesBody([view()]);
    expect(groups).toHaveLength(1);
    const g = groups[0];
    expect(g).toMatchObject({ name: "Checkout error rate", file: "payments", interval: 60, limit: 0 });
    expect(g.rules.map((r) => r.labels.severity)).toEqual(["critical", "warning"]);
    const crit = g.rules[0];
    expect(crit).toMatchObject({
      type: "alerting",
      name: "Checkout error rate",
      query: '(sum by (region) (rate(errors_total{service="checkout"}[1m]))) > 0.05',
      duration: 180,
      keepFiringFor: 60,
      labels: { team: "payments", monitor: "checkout-errors", severity: "critical" },
      annotations: { summary: "Errors in {{ $labels.region }} at {{ $value }}" },
      state: "firing",
      health: "ok",
      lastError: "",
      lastEvaluation: "2026-05-01T10:05:01.000Z",
    });
    expect(crit.alerts).toEqual([
      {
        labels: {
          team: "payments",
          region: "us-east-1",
          alertname: "Checkout error rate",
          monitor: "checkout-errors",
          severity: "critical",
        },
        annotations: { summary: "Errors in us-east-1 at 0.125" },
        state: "firing",
        activeAt: "2026-05-01T10:00:00.000Z",
        value: "1.25e-01",
      },
    ]);
  });

  it("reports a failing monitor as health err with its last error, and one never run as unknown", () => {
    const failing = rulesBody([view({ lastCheck: { at: 1, ranAt: 2, error: "query timed out" } })]).groups[0].rules[0];
    expect(failing).toMatchObject({ health: "err", lastError: "query timed out" });
    const never = rulesBody([view({ lastCheck: null, state: null })]).groups[0].rules[0];
    expect(never).toMatchObject({ health: "unknown", state: "inactive", lastEvaluation: "0001-01-01T00:00:00Z" });
    const down = rulesBody([view({ unreachable: "monitor state unavailable: boom" })]).groups[0].rules[0];
    expect(down).toMatchObject({ health: "unknown", lastError: "monitor state unavailable: boom" });
  });

  it("filters like Prometheus: type, rule names, groups, files, exclude_alerts; disabled monitors are not rules", () => {
    expect(rulesBody([view()], { type: "record" }).groups).toEqual([]);
    expect(rulesBody([view()], { type: "alert" }).groups).toHaveLength(1);
    expect(rulesBody([view()], { ruleNames: ["other"] }).groups).toEqual([]);
    expect(rulesBody([view()], { files: ["payments"] }).groups).toHaveLength(1);
    expect(rulesBody([view()], { groupNames: ["nope"] }).groups).toEqual([]);
    expect(rulesBody([view()], { excludeAlerts: true }).groups[0].rules[0].alerts).toEqual([]);
    expect(rulesBody([view({ definition: { ...def, enabled: false } })]).groups).toEqual([]);
  });

  it("lists every pending and firing alert on /api/v1/alerts", () => {
    const { alerts } = alertsBody([
      view(),
      view({ state: { seq: 1, entries: { p: entry({ state: "pending", severity: "warning" }) } } }),
    ]);
    expect(alerts.map((a) => `${a.labels.severity}:${a.state}`)).toEqual([
      "critical:firing",
      "warning:firing",
      "warning:pending",
    ]);
  });

  it("shows a nodata alert as firing with keepFiringSince (when its data stopped), as keep_firing_for does", () => {
    const stopped = Date.parse("2026-05-01T10:04:00Z");
    const v = view({
      state: { seq: 2, entries: { a: entry({ state: "nodata", noDataSince: stopped, lastEvalAt: stopped + 60_000 }) } },
    });
    const [crit] = rulesBody([v]).groups[0].rules;
    expect(crit.state).toBe("firing");
    expect(crit.alerts).toEqual([
      {
        labels: expect.objectContaining({ region: "us-east-1", severity: "critical" }),
        annotations: { summary: "Errors in us-east-1 at 0.125" },
        state: "firing",
        activeAt: "2026-05-01T10:00:00.000Z",
        keepFiringSince: "2026-05-01T10:04:00.000Z",
        value: "1.25e-01",
      },
    ]);
    expect(alertsBody([v]).alerts).toEqual(crit.alerts);
    // Firing and pending alerts carry no keepFiringSince (Prometheus omits it).
    expect(alertsBody([view()]).alerts.every((a) => !("keepFiringSince" in a))).toBe(true);
  });

  it("formats alert values as Go's %e", () => {
    expect(goExp(1)).toBe("1e+00");
    expect(goExp(0.125)).toBe("1.25e-01");
    expect(goExp(-12345.5)).toBe("-1.23455e+04");
    expect(goExp(1e-300)).toBe("1e-300");
    expect(goExp(Number.NaN)).toBe("NaN");
    expect(goExp(Number.POSITIVE_INFINITY)).toBe("+Inf");
  });
});
