// Writes the checkout incident (core/ddx/scenario) through Vigil's real ingest endpoints:
// metrics as Prometheus remote_write (snappy + protobuf), spans as OTLP/JSON.
import { remoteWriteBody, type EncodeSeries } from "../../../core/remote-write/encode";
import { checkoutRequestSeries, MIN } from "../../fixtures/ddx/checkout";
import { checkoutSpans, type TimedSpan } from "../../fixtures/ddx/spans";
import { otlpTraces } from "./otlp-json";
import { cumulative, sampleCounts } from "../../fixtures/ddx/synthetic";
import { call, json } from "../helpers";

/** A deploy time on a minute boundary, far enough back that the incident's first 25 minutes are in the past. */
export function recentT0(now = Date.now()): number {
  return Math.floor(now / MIN) * MIN - 40 * MIN;
}

export async function writeCheckoutMetrics(t0: number, from: number, to: number, scrapeMs = 30_000): Promise<number> {
  const series = checkoutRequestSeries(t0);
  const sampled = sampleCounts(series, from, to, scrapeMs, 7);
  const encoded: EncodeSeries[] = series.map((s, i) => {
    const total = cumulative(sampled.counts[i]);
    const samples: { t: number; v: number }[] = [];
    sampled.timestamps.forEach((t, j) => {
      if (Number.isFinite(total[j])) samples.push({ t, v: total[j] });
    });
    return { labels: s.labels, samples };
  });
  const live = encoded.filter((s) => s.samples.length > 0);
  for (let i = 0; i < live.length; i += 40) {
    const res = await call("/api/v1/write", {
      method: "POST",
      headers: {
        "content-type": "application/x-protobuf",
        "content-encoding": "snappy",
        "x-prometheus-remote-write-version": "0.1.0",
      },
      body: remoteWriteBody(live.slice(i, i + 40)),
    });
    if (res.status !== 204) throw new Error(`remote_write failed: ${res.status} ${await res.text()}`);
  }
  return live.length;
}

export async function writeCheckoutSpans(t0: number, from: number, to: number, scale: number): Promise<TimedSpan[]> {
  const all = [...checkoutSpans(from, to, scale, 11, t0)];
  for (let i = 0; i < all.length; i += 2000) {
    // Keep a server span and its client child in one request (same trace id).
    let end = Math.min(all.length, i + 2000);
    while (end < all.length && all[end].kind === "client") end++;
    const res = await json("/v1/traces", otlpTraces(all.slice(i, end), 1 + i));
    if (res.status !== 200) throw new Error(`OTLP traces failed: ${res.status} ${await res.text()}`);
    i = end - 2000;
  }
  return all;
}
