// Data for the browser tests, written through Vigil's real ingest APIs (remote_write, change events).
import { remoteWriteBody, type EncodeSeries } from "../../core/remote-write/encode";
import type { RunningVigil } from "../compat/harness";

/** checkout_http_requests_total over the last `minutes`, 15 s apart: us-east-1 turns bad `badFromMin` minutes ago. */
export function checkoutSeries(now: number, minutes = 60, badFromMin = 20): EncodeSeries[] {
  const out: EncodeSeries[] = [];
  const start = now - minutes * 60_000;
  for (const region of ["us-east-1", "us-west-2"]) {
    for (const status of ["200", "503", "504"]) {
      let total = 0;
      const samples: { t: number; v: number }[] = [];
      for (let t = start; t <= now; t += 15_000) {
        const bad = region === "us-east-1" && t >= now - badFromMin * 60_000;
        const perStep = status === "200" ? 300 : bad ? (status === "503" ? 18 : 4) : status === "503" ? 1 : 0;
        total += perStep;
        samples.push({ t, v: total });
      }
      out.push({
        labels: {
          __name__: "checkout_http_requests_total",
          service: "checkout-service",
          environment: "production",
          region,
          endpoint: "/v2/process-payment",
          method: "POST",
          status,
        },
        samples,
      });
    }
  }
  return out;
}

/** One remote_write, never retried: the server (scripts/serve.mjs) has no dev proxy that drops requests, so
 * any 5xx here is Vigil's own error and must fail the test that met it. */
export async function remoteWrite(vigil: RunningVigil, series: EncodeSeries[]): Promise<void> {
  const res = await fetch(`${vigil.url}/api/v1/write`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${vigil.token}`,
      "content-type": "application/x-protobuf",
      "content-encoding": "snappy",
      "x-prometheus-remote-write-version": "0.1.0",
    },
    body: remoteWriteBody(series) as unknown as BodyInit,
  });
  if (res.status >= 300) throw new Error(`remote_write answered ${res.status}: ${await res.text()}`);
}

export async function postJson(vigil: RunningVigil, path: string, body: unknown, method = "POST"): Promise<unknown> {
  const res = await fetch(`${vigil.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${vigil.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json: unknown = await res.json();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** The scenario's monitor: checkout 5xx ratio per region, critical above `threshold` percent. */
export function checkoutMonitor(threshold = 5) {
  return {
    name: "checkout-error-budget-burn",
    query:
      'sum by (region) (rate(checkout_http_requests_total{status=~"5.."}[5m])) / sum by (region) (rate(checkout_http_requests_total[5m])) * 100',
    intervalSeconds: 15,
    conditions: [{ severity: "critical", operator: ">", threshold, sustain: 0 }],
    signals: { mode: "labels", keys: ["region"] },
    annotations: { dashboard: "/dashboards", runbook: "https://runbooks.example/checkout-error-rate" },
    team: "Payments",
  };
}
