// Remote-write 2.0 through the worker's fetch handler: content negotiation, the symbols table, metadata,
// the Written headers on every answer, and partial writes reported the way the 2.0 spec asks.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { V2_CONTENT_TYPE, remoteWriteV2Body, type EncodeSeriesV2 } from "../../core/remote-write/encode-v2";
import { encodeHistogram } from "../../core/remote-write/encode-histogram";
import { shardedSeriesSource } from "../../platform/metrics/source";
import { byName, remoteWrite, selectAll, uniq } from "./ingest-helpers";

const now = Date.now();
const writeV2 = (series: EncodeSeriesV2[], headers: Record<string, string> = {}) =>
  remoteWrite([], {
    headers: { "content-type": V2_CONTENT_TYPE, "x-prometheus-remote-write-version": "2.0.0", ...headers },
    body: remoteWriteV2Body(series),
  });
const writtenHeaders = (res: Response) => [
  res.headers.get("x-prometheus-remote-write-samples-written"),
  res.headers.get("x-prometheus-remote-write-histograms-written"),
  res.headers.get("x-prometheus-remote-write-exemplars-written"),
];

describe("remote_write 2.0 ingest", () => {
  it("stores what a 2.0 sender writes, with its metadata, and says how much in the Written headers", async () => {
    const name = uniq("rw2_ok");
    const series: EncodeSeriesV2[] = [0, 1].map((i) => ({
      labels: { __name__: name, job: "checkout", pod: `p${i}` },
      samples: Array.from({ length: 40 }, (_, k) => ({ t: now - 600_000 + k * 15_000, v: i * 100 + k })),
      metadata: { type: "counter", help: "Requests served.", unit: "" },
      exemplars: [{ labels: { trace_id: "4bf92f3577b34da6a3ce929d0e0e4736" }, v: 1, t: now - 30_000 }],
    }));
    const res = await writeV2(series);
    expect(res.status).toBe(204);
    // One exemplar per series, both kept (test/integration/exemplars.test.ts reads them back).
    expect(writtenHeaders(res)).toEqual(["80", "0", "2"]);
    const got = await selectAll(byName(name));
    expect(got.map((s) => s.labels.pod).sort()).toEqual(["p0", "p1"]);
    const p1 = got.find((s) => s.labels.pod === "p1")!;
    expect(p1.labels).toEqual(series[1].labels);
    expect(Array.from(p1.values)).toEqual(series[1].samples.map((s) => s.v));
    expect(Array.from(p1.timestamps)).toEqual(series[1].samples.map((s) => s.t));
    expect(await shardedSeriesSource(env).metadata(name)).toEqual({
      [name]: [{ type: "counter", help: "Requests served.", unit: "" }],
    });
  });

  it("reports a partial write: valid samples and histograms kept, invalid ones refused with 400 and counts", async () => {
    const name = uniq("rw2_partial");
    const histogram = (t: number, buckets: number[]) =>
      encodeHistogram(
        {
          count: 1,
          sum: 1,
          schema: 0,
          zeroThreshold: 0,
          zeroCount: 0,
          positiveSpans: [{ offset: 0, length: 2 }],
          positiveDeltas: buckets,
          negativeSpans: [],
          resetHint: 0,
        },
        t,
      );
    const res = await writeV2([
      { labels: { __name__: name, ok: "yes" }, samples: [{ t: now - 15_000, v: 1 }] },
      { labels: { __name__: name, ok: "hist" }, samples: [], histograms: [histogram(now - 15_000, [1, -1])] },
      // Two buckets' spans with one bucket: refused per sample.
      { labels: { __name__: name, ok: "badhist" }, samples: [], histograms: [histogram(now - 15_000, [1])] },
      { labels: { __name__: name, big: "v".repeat(2049) }, samples: [{ t: now - 15_000, v: 2 }] },
    ]);
    expect(res.status).toBe(400);
    expect(writtenHeaders(res)).toEqual(["1", "1", "0"]);
    const body = await res.text();
    expect(body).toMatch(/2 samples rejected, 2 accepted/);
    expect(body).toMatch(/invalid native histogram .*positive spans need 2 buckets, got 1/);
    expect(body).toMatch(/longer than 2048 bytes/);
    expect((await selectAll(byName(name))).map((s) => s.labels.ok).sort()).toEqual(["hist", "yes"]);
  });

  it("refuses what it can't read with the headers still set, and an unknown message with 415", async () => {
    const garbage = await remoteWrite([], {
      headers: { "content-type": V2_CONTENT_TYPE },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(garbage.status).toBe(400);
    expect(writtenHeaders(garbage)).toEqual(["0", "0", "0"]);
    const v3 = await writeV2([], { "content-type": "application/x-protobuf;proto=io.prometheus.write.v3.Request" });
    expect(v3.status).toBe(415);
    expect(await v3.text()).toMatch(/accepts prometheus.WriteRequest and io.prometheus.write.v2.Request/);
    // A 1.0 body mislabelled as 2.0 is named as such rather than read as garbage.
    const { remoteWriteBody } = await import("../../core/remote-write/encode");
    const v1AsV2 = await remoteWrite([], {
      headers: { "content-type": V2_CONTENT_TYPE },
      body: remoteWriteBody([{ labels: { __name__: "x" }, samples: [{ t: now, v: 1 }] }]),
    });
    expect(v1AsV2.status).toBe(400);
    expect(await v1AsV2.text()).toMatch(/remote_write 1.0 field/);
  });

  it("keeps 1.0 answers as they were: no Written headers, proto=prometheus.WriteRequest accepted", async () => {
    const name = uniq("rw1_proto");
    const res = await remoteWrite([{ labels: { __name__: name }, samples: [{ t: now - 15_000, v: 3 }] }], {
      headers: { "content-type": "application/x-protobuf;proto=prometheus.WriteRequest" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("x-prometheus-remote-write-samples-written")).toBeNull();
    expect((await selectAll(byName(name)))[0].values[0]).toBe(3);
  });
});
