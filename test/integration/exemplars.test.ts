// Exemplars end to end through the worker: remote_write 1.0 and 2.0 and OTLP bring them, the ExemplarStore
// objects keep them (Prometheus' rules: newer than the series' newest, duplicates dropped, a bounded buffer),
// and /api/v1/query_exemplars answers in Prometheus' shape.
import { describe, expect, it } from "vitest";
import { V2_CONTENT_TYPE, remoteWriteV2Body } from "../../core/remote-write/encode-v2";
import { EXEMPLARS_PER_STORE } from "../../platform/exemplars/limits";
import { call } from "./helpers";
import { otlpJson, remoteWrite, uniq } from "./ingest-helpers";

const now = Math.floor(Date.now() / 1000) * 1000;
const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

async function exemplars(params: Record<string, string>) {
  const res = await call(`/api/v1/query_exemplars?${new URLSearchParams(params)}`);
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : {}) as { status: string; data: unknown; error?: string },
  };
}

describe("exemplars", () => {
  it("keeps remote_write 1.0 exemplars and answers query_exemplars like Prometheus", async () => {
    const name = uniq("ex_v1");
    const res = await remoteWrite([
      {
        labels: { __name__: name, job: "checkout", pod: "b" },
        samples: [{ t: now - 30_000, v: 3 }],
        exemplars: [
          { labels: { trace_id: TRACE, span_id: "00f067aa0ba902b7" }, v: 0.25, t: now - 40_000 },
          { labels: { trace_id: "a".repeat(32) }, v: 1.5, t: now - 20_000 },
        ],
      },
      {
        labels: { __name__: name, job: "checkout", pod: "a" },
        samples: [{ t: now - 30_000, v: 1 }],
        exemplars: [{ labels: { trace_id: "b".repeat(32) }, v: Number.POSITIVE_INFINITY, t: now - 10_000 }],
      },
    ]);
    expect(res.status).toBe(204);
    const all = await exemplars({
      query: `sum(rate(${name}[5m]))`,
      start: String((now - 60_000) / 1000),
      end: String(now / 1000),
    });
    expect(all.status).toBe(200);
    expect(all.body.data).toEqual([
      {
        seriesLabels: { __name__: name, job: "checkout", pod: "a" },
        exemplars: [{ labels: { trace_id: "b".repeat(32) }, value: "+Inf", timestamp: (now - 10_000) / 1000 }],
      },
      {
        seriesLabels: { __name__: name, job: "checkout", pod: "b" },
        exemplars: [
          { labels: { span_id: "00f067aa0ba902b7", trace_id: TRACE }, value: "0.25", timestamp: (now - 40_000) / 1000 },
          { labels: { trace_id: "a".repeat(32) }, value: "1.5", timestamp: (now - 20_000) / 1000 },
        ],
      },
    ]);
    // The time range and the selector's matchers both narrow the answer.
    const narrow = await exemplars({
      query: `${name}{pod="b"}`,
      start: String((now - 30_000) / 1000),
      end: String(now / 1000),
    });
    expect(narrow.body.data).toEqual([
      {
        seriesLabels: { __name__: name, job: "checkout", pod: "b" },
        exemplars: [{ labels: { trace_id: "a".repeat(32) }, value: "1.5", timestamp: (now - 20_000) / 1000 }],
      },
    ]);
    expect((await exemplars({ query: `${name}{pod="zzz"}` })).body.data).toEqual([]);
    // No selector: nothing to look at; Prometheus answers 204 with no body.
    expect((await exemplars({ query: "1 + 1" })).status).toBe(204);
  });

  it("drops out-of-order and duplicate exemplars without failing the write; 2.0 says how many it kept", async () => {
    const name = uniq("ex_v2");
    const labels = { __name__: name, job: "checkout" };
    let k = 0;
    const write = (ex: { t: number; v: number; id: string }[]) =>
      call("/api/v1/write", {
        method: "POST",
        headers: {
          "content-type": V2_CONTENT_TYPE,
          "content-encoding": "snappy",
          "x-prometheus-remote-write-version": "2.0.0",
        },
        body: remoteWriteV2Body([
          {
            labels,
            samples: [{ t: now - 5_000 + 1_000 * k++, v: k }],
            exemplars: ex.map((e) => ({ labels: { trace_id: e.id }, v: e.v, t: e.t })),
          },
        ]),
      });
    const first = await write([{ t: now - 20_000, v: 1, id: "1" }]);
    expect(first.status).toBe(204);
    expect(first.headers.get("x-prometheus-remote-write-exemplars-written")).toBe("1");
    // A repeat of the newest (a retried batch), one older than it, one at its time with another value, one newer.
    const second = await write([
      { t: now - 20_000, v: 1, id: "1" },
      { t: now - 30_000, v: 2, id: "2" },
      { t: now - 20_000, v: 3, id: "3" },
      { t: now - 10_000, v: 4, id: "4" },
    ]);
    expect(second.status).toBe(204);
    expect(second.headers.get("x-prometheus-remote-write-exemplars-written")).toBe("1");
    const got = await exemplars({ query: name });
    expect(got.body.data).toEqual([
      {
        seriesLabels: labels,
        exemplars: [
          { labels: { trace_id: "1" }, value: "1", timestamp: (now - 20_000) / 1000 },
          { labels: { trace_id: "4" }, value: "4", timestamp: (now - 10_000) / 1000 },
        ],
      },
    ]);
    // Label sets past 128 runes are not kept; the samples still are.
    const long = await write([{ t: now - 1_000, v: 5, id: "x".repeat(130) }]);
    expect(long.status).toBe(204);
    expect(long.headers.get("x-prometheus-remote-write-samples-written")).toBe("1");
    expect(long.headers.get("x-prometheus-remote-write-exemplars-written")).toBe("0");
  });

  it("keeps OTLP exemplars as trace_id/span_id labels, on the histogram bucket their value falls in", async () => {
    const name = uniq("ex_otlp");
    const tNs = String(BigInt(now - 15_000) * 1_000_000n);
    const res = await otlpJson({
      resourceMetrics: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "checkout" } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name,
                  unit: "s",
                  histogram: {
                    aggregationTemporality: 2,
                    dataPoints: [
                      {
                        startTimeUnixNano: String(BigInt(now - 60_000) * 1_000_000n),
                        timeUnixNano: tNs,
                        count: "3",
                        sum: 1.2,
                        explicitBounds: [0.1, 0.5],
                        bucketCounts: ["1", "1", "1"],
                        exemplars: [
                          {
                            timeUnixNano: tNs,
                            asDouble: 0.3,
                            traceId: TRACE,
                            spanId: "00f067aa0ba902b7",
                            filteredAttributes: [{ key: "http.route", value: { stringValue: "/pay" } }],
                          },
                        ],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(res.status).toBe(200);
    const got = (await exemplars({ query: `{__name__=~"${name}.*"}` })).body.data as {
      seriesLabels: Record<string, string>;
      exemplars: { labels: Record<string, string>; value: string }[];
    }[];
    expect(got).toHaveLength(1);
    expect(got[0].seriesLabels.le).toBe("0.5");
    expect(got[0].seriesLabels.__name__).toMatch(/_bucket$/);
    expect(got[0].exemplars).toEqual([
      {
        labels: { "http.route": "/pay", span_id: "00f067aa0ba902b7", trace_id: TRACE },
        value: "0.3",
        timestamp: (now - 15_000) / 1000,
      },
    ]);
  });

  it("keeps a bounded buffer: past its capacity the oldest exemplars go first", async () => {
    const name = uniq("ex_cap");
    const total = EXEMPLARS_PER_STORE + 7;
    const exemplarsIn = Array.from({ length: total }, (_, i) => ({
      labels: { trace_id: String(i) },
      v: i,
      t: now - total + i,
    }));
    const res = await remoteWrite([
      { labels: { __name__: name }, samples: [{ t: now, v: 1 }], exemplars: exemplarsIn },
    ]);
    expect(res.status).toBe(204);
    const got = (await exemplars({ query: name })).body.data as { exemplars: { labels: { trace_id: string } }[] }[];
    expect(got).toHaveLength(1);
    expect(got[0].exemplars).toHaveLength(EXEMPLARS_PER_STORE);
    expect(got[0].exemplars[0].labels.trace_id).toBe("7");
    expect(got[0].exemplars.at(-1)!.labels.trace_id).toBe(String(total - 1));
  });

  it("answers bad input with Prometheus' bad_data", async () => {
    expect((await exemplars({ query: "sum(" })).status).toBe(400);
    const backwards = await exemplars({ query: "up", start: "200", end: "100" });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error).toMatch(/end timestamp must not be before start/);
  });
});
