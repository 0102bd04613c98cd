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
  it("accepts JSON, answers JSON partialSuccess for delta and exponential histograms, stores the rest", async () => {
    const prefix = uniq("oj");
    const res = await otlpJson(retimed(nowNs() - 60_000_000_000n, prefix));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const body = (await res.json()) as { partialSuccess: { rejectedDataPoints: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedDataPoints).toBe("3");
    expect(body.partialSuccess.errorMessage).toMatch(/delta temporality/);
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
    // The fixture's time is far in the past: all accepted points are in range, delta + 2 exp points rejected.
    expect(rejected).toBe(3);
    expect(message).toMatch(/exponential histogram/);
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
