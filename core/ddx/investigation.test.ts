import { describe, expect, it } from "vitest";
import { ddxHref, investigationWindow, likelyCause, metricRequest, type FiringAlert } from "./investigation";

const MIN = 60_000;
const T = Date.UTC(2026, 10, 24, 2, 0);
const alert: FiringAlert = {
  alertId: "al_1",
  monitorId: "mon_1",
  query: "sum(rate(errors[1m])) / sum(rate(requests[1m]))",
  signalLabels: { environment: "production", region: "us-east-1" },
  labels: { environment: "production", region: "us-east-1", monitor: "checkout" },
  startedAt: T + 10 * MIN,
  firingAt: T + 13 * MIN,
};
const deploy = {
  id: "chg_1",
  title: "Deploy: checkout-service v3.41.0",
  category: "deploys",
  source: "ArgoCD",
  happenedAt: T + 8 * MIN,
  matchedBy: "title" as const,
};
const row = (label: string, value: string, divergence: number, extra: object = {}) => ({
  label,
  value,
  divergence,
  kind: "cause",
  reason: `${label} reason`,
  explanation: `${label} explanation`,
  ...extra,
});

describe("investigation at fire time", () => {
  it("looks from the first breach, less the time it took to sustain, to the firing check, scoped to the signal", () => {
    expect(investigationWindow(alert)).toEqual({ start: T + 7 * MIN, end: T + 13 * MIN });
    expect(investigationWindow({ startedAt: 10 * MIN, firingAt: 10 * MIN })).toEqual({ start: 9 * MIN, end: 11 * MIN });
    const req = metricRequest(alert);
    expect(req.scope).toEqual([
      { name: "environment", op: "=", value: "production" },
      { name: "region", op: "=", value: "us-east-1" },
    ]);
    expect(req).toMatchObject({
      query: alert.query,
      changeEvents: true,
      signal: "auto",
      baseline: { mode: "previous" },
    });
  });

  it("prefers the cause a change event names when it diverges at least half as much as the top one", () => {
    const c = likelyCause(
      [row("endpoint", "/v2/process-payment", 79), row("deployment.version", "v3.41.0", 48, { change: deploy })],
      alert,
    );
    expect(c?.text).toBe("deployment.version=v3.41.0 (Deploy: checkout-service v3.41.0, 2 min before)");
    expect(c?.change?.beforeMs).toBe(2 * MIN);
    expect(c?.href).toMatch(/^\/changes\?from=\d+&to=\d+$/);
  });

  it("keeps the top cause when the changed value diverges far less, or nothing names a change", () => {
    const weak = likelyCause(
      [row("endpoint", "/v2/process-payment", 79), row("deployment.version", "v3.41.0", 20, { change: deploy })],
      alert,
    );
    expect(weak?.text).toBe("endpoint=/v2/process-payment");
    expect(weak?.href).toBe(ddxHref(alert));
    expect(weak?.reason).toBe("endpoint reason");
  });

  it("never names a row that is not a cause, and says nothing rather than guess", () => {
    expect(
      likelyCause([row("pod", "a", 0, { kind: "alike" }), row("method", "POST", 3, { kind: "noise" })], alert),
    ).toBe(undefined);
    const c = likelyCause(
      [row("method", "POST", 60, { kind: "contained", change: deploy }), row("endpoint", "/x", 40)],
      alert,
    );
    expect(c?.label).toBe("endpoint");
  });

  it("links DDx on the same question, with the alert's signal as matchers", () => {
    const u = new URL(ddxHref(alert), "http://x");
    expect(u.pathname).toBe("/ddx");
    expect(u.searchParams.getAll("match")).toEqual(["environment=production", "region=us-east-1"]);
    expect(u.searchParams.get("from")).toBe(String(T + 7 * MIN));
    expect(u.searchParams.get("alert")).toBe("al_1");
  });
});
