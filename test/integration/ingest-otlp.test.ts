import { BinaryReader } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import { jsonRequest, protoRequest } from "../../core/otlp/metrics/fixtures.test-helpers";
import { call } from "./helpers";
import { byName, otlpJson, selectAll, uniq } from "./ingest-helpers";

const nowNs = () => BigInt(Date.now()) * 1_000_000n;

function retimed(ns: bigint, metricPrefix: string): unknown {
  const text = JSON.stringify(jsonRequest)
    .replaceAll("1764000000123000000", ns.toString())
    .replaceAll('"name":"', `"name":"${metricPrefix}.`);
  const body = JSON.parse(text) as typeof jsonRequest;
  // The gauge's time is a JSON number in the fixture: keep it exact by sending it as a string here.
  body.resourceMetrics[0].scopeMetrics[0].metrics[1].gauge!.dataPoints[0].timeUnixNano =
    ns.toString() as unknown as number;
  body.resourceMetrics[0].scopeMetrics[0].scope.name = "m";
  return body;
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
  );
}

/** ExportMetricsServiceResponse.partial_success -> [rejected, message]. */
function partialSuccess(bytes: Uint8Array): [number, string] {
  const r = new BinaryReader(bytes);
  let rejected = 0;
  let message = "";
  while (r.pos < r.len) {
    const [no, wt] = r.tag();
    if (no !== 1) {
      r.skip(wt);
      continue;
    }
    const end = r.uint32() + r.pos;
    while (r.pos < end) {
      const [f, w] = r.tag();
      if (f === 1) rejected = Number(r.int64());
      else if (f === 2) message = r.string();
      else r.skip(w);
    }
  }
  return [rejected, message];
}

describe("OTLP/HTTP metrics ingest", () => {
  it("accepts JSON, answers JSON partialSuccess for exponential histograms, stores the rest", async () => {
    const prefix = uniq("oj");
    const res = await otlpJson(retimed(nowNs() - 60_000_000_000n, prefix));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const body = (await res.json()) as { partialSuccess: { rejectedDataPoints: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedDataPoints).toBe("2");
    expect(body.partialSuccess.errorMessage).toMatch(/exponential histogram/);
    const [counter] = await selectAll(byName(`${prefix}.http.requests_total`));
    expect(counter.labels).toEqual({
      __name__: `${prefix}.http.requests_total`,
      job: "shop/checkout-service",
      instance: "pod-1",
      "deployment.environment": "production",
      "deployment.version": "v3.41.0",
    });
    expect(Array.from(counter.values)).toEqual([42]);
    const buckets = await selectAll(byName(`${prefix}.http.duration_seconds_bucket`));
    expect(buckets.map((s) => [s.labels.le, s.values[0]]).sort()).toEqual([
      ["+Inf", 6],
      ["0.0000001", 3],
      ["0.005", 1],
    ]);
  });

  it("accepts gzip protobuf and answers protobuf; a full success has no partialSuccess", async () => {
    const ok = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: uniq("g"),
                  gauge: { dataPoints: [{ timeUnixNano: (nowNs() - 1_000_000n).toString(), asDouble: 1 }] },
                },
              ],
            },
          ],
        },
      ],
    };
    const jres = await otlpJson(ok);
    expect(jres.status).toBe(200);
    expect(await jres.json()).toEqual({});
    const res = await call("/v1/metrics", {
      method: "POST",
      headers: { "content-type": "application/x-protobuf", "content-encoding": "gzip" },
      body: await gzip(protoRequest()),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
    const [rejected, message] = partialSuccess(new Uint8Array(await res.arrayBuffer()));
    // The fixture's time (November 2025) is older than the retention: its day's generation is gone, so its 11
    // valid points are refused as out of bounds, and the 2 exp points as before.
    expect(rejected).toBe(13);
    expect(message).toMatch(/exponential histogram/);
    expect(message).toMatch(/11 samples rejected as out of bounds: older than the \d+-day retention/);
  });

  it("delta sums and histograms are stored cumulative: each export adds to the last, a re-sent one is refused", async () => {
    const name = uniq("delta");
    const t0 = nowNs() - 120_000_000_000n;
    const sec = 1_000_000_000n;
    const request = (at: bigint, add: number, buckets: [number, number]) => ({
      resourceMetrics: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: `${name}.requests`,
                  sum: {
                    aggregationTemporality: 1,
                    isMonotonic: true,
                    dataPoints: [
                      { startTimeUnixNano: (at - 10n * sec).toString(), timeUnixNano: at.toString(), asInt: add },
                    ],
                  },
                },
                {
                  name: `${name}.latency`,
                  unit: "s",
                  histogram: {
                    aggregationTemporality: 1,
                    dataPoints: [
                      {
                        startTimeUnixNano: (at - 10n * sec).toString(),
                        timeUnixNano: at.toString(),
                        count: buckets[0] + buckets[1],
                        sum: buckets[1],
                        bucketCounts: buckets,
                        explicitBounds: [0.5],
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
    for (const [i, add, b] of [
      [0, 3, [1, 0]],
      [1, 4, [2, 1]],
      [2, 0, [0, 0]],
      [3, 5, [0, 2]],
    ] as [number, number, [number, number]][]) {
      const res = await otlpJson(request(t0 + BigInt(i) * 10n * sec, add, b));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({});
    }
    const [counter] = await selectAll(byName(`${name}.requests_total`));
    expect(Array.from(counter.values)).toEqual([3, 7, 7, 12]);
    const buckets = await selectAll(byName(`${name}.latency_seconds_bucket`));
    expect(buckets.map((s) => [s.labels.le, Array.from(s.values)]).sort()).toEqual([
      ["+Inf", [1, 4, 4, 6]],
      ["0.5", [1, 3, 3, 3]],
    ]);
    const [count] = await selectAll(byName(`${name}.latency_seconds_count`));
    expect(Array.from(count.values)).toEqual([1, 4, 4, 6]);
    // The exporter retries the last export (its answer was lost): nothing is counted twice, and it is told why.
    const again = await otlpJson(request(t0 + 30n * sec, 5, [0, 2]));
    const body = (await again.json()) as { partialSuccess: { rejectedDataPoints: string; errorMessage: string } };
    expect(Number(body.partialSuccess.rejectedDataPoints)).toBeGreaterThan(0);
    expect(body.partialSuccess.errorMessage).toMatch(/out-of-order/);
    const [after] = await selectAll(byName(`${name}.requests_total`));
    expect(Array.from(after.values)).toEqual([3, 7, 7, 12]);
  });

  it("answers 400 with an OTLP Status in the request's content type for undecodable bodies", async () => {
    const j = await call("/v1/metrics", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(j.status).toBe(400);
    expect(((await j.json()) as { code: number; message: string }).message).toMatch(/not valid JSON/);
    const p = await call("/v1/metrics", {
      method: "POST",
      headers: { "content-type": "application/x-protobuf" },
      body: new Uint8Array([0x0a, 0x7f, 0x01]),
    });
    expect(p.status).toBe(400);
    expect(p.headers.get("content-type")).toBe("application/x-protobuf");
    const g = await call("/v1/metrics", {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: "not gzip",
    });
    expect(g.status).toBe(400);
    expect(((await g.json()) as { message: string }).message).toMatch(/gzip/);
    expect(
      (await call("/v1/metrics", { method: "POST", headers: { "content-type": "text/plain" }, body: "x" })).status,
    ).toBe(415);
  });

  it("refuses a gzip bomb with 413", async () => {
    const bomb = await gzip(new Uint8Array(11 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    const res = await call("/v1/metrics", {
      method: "POST",
      headers: { "content-type": "application/x-protobuf", "content-encoding": "gzip" },
      body: bomb,
    });
    expect(res.status).toBe(413);
  });

  it("rejects stale-flagged points as stale markers and out-of-order points with a count", async () => {
    const name = uniq("ooo");
    const t = nowNs() - 10_000_000_000n;
    const point = (ns: bigint, v: number, flags = 0) => ({
      resourceMetrics: [
        {
          scopeMetrics: [
            { metrics: [{ name, gauge: { dataPoints: [{ timeUnixNano: ns.toString(), asDouble: v, flags }] } }] },
          ],
        },
      ],
    });
    expect(await (await otlpJson(point(t, 1))).json()).toEqual({});
    const res = (await (await otlpJson(point(t - 5_000_000_000n, 2))).json()) as {
      partialSuccess: { rejectedDataPoints: string; errorMessage: string };
    };
    expect(res.partialSuccess).toEqual({
      rejectedDataPoints: "1",
      errorMessage: expect.stringMatching(/1 out-of-order/),
    });
    expect(await (await otlpJson(point(t + 1_000_000_000n, 0, 1))).json()).toEqual({});
    const [s] = await selectAll(byName(name));
    expect(s.values[0]).toBe(1);
    expect(Number.isNaN(s.values[1])).toBe(true);
  });
});
