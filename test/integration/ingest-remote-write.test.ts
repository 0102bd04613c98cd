import { abortAllDurableObjects } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { compress } from "snappyjs";
import { encodeWriteRequest } from "../../core/remote-write/encode";
import { env } from "cloudflare:workers";
import { shardedSeriesSource } from "../../platform/metrics/source";
import { STALE_NAN_BITS, byName, remoteWrite, selectAll, uniq, valueBits } from "./ingest-helpers";

const now = Date.now();

/** A WriteRequest with one stale-marker sample, written with raw bits (a JS NaN literal has other bits). */
function staleBody(name: string, t: number): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.LengthDelimited).fork();
  w.tag(1, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.LengthDelimited)
    .string("__name__")
    .tag(2, WireType.LengthDelimited)
    .string(name)
    .join();
  w.tag(2, WireType.LengthDelimited)
    .fork()
    .tag(1, WireType.Bit64)
    .fixed64((BigInt(STALE_NAN_BITS[0]) << 32n) | BigInt(STALE_NAN_BITS[1]))
    .tag(2, WireType.Varint)
    .int64(t)
    .join();
  w.join();
  return compress(w.finish());
}

describe("remote_write ingest", () => {
  it("stores series and samples exactly and answers 204 with an empty body", async () => {
    const name = uniq("rw_ok");
    const series = [0, 1, 2].map((i) => ({
      labels: { __name__: name, job: "api", "deployment.version": `v3.4${i}.0`, pod: `p${i}` },
      samples: Array.from({ length: 200 }, (_, k) => ({ t: now - 3_600_000 + k * 15_000, v: i * 1000 + k * 1.25 })),
    }));
    const res = await remoteWrite(series);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    const got = await selectAll(byName(name));
    expect(got).toHaveLength(3);
    const p1 = got.find((s) => s.labels.pod === "p1")!;
    expect(p1.labels).toEqual(series[1].labels);
    expect(Array.from(p1.timestamps)).toEqual(series[1].samples.map((s) => s.t));
    expect(Array.from(p1.values)).toEqual(series[1].samples.map((s) => s.v));
    const ranged = await selectAll(byName(name), now - 3_600_000 + 15_000 * 10, now - 3_600_000 + 15_000 * 19);
    expect(ranged.every((s) => s.timestamps.length === 10)).toBe(true);
    const v = await selectAll([
      ...byName(name),
      { name: "deployment.version", op: "=~", value: "v3\\.4[01]\\.0" },
      { name: "pod", op: "!=", value: "p0" },
    ]);
    expect(v.map((s) => s.labels.pod)).toEqual(["p1"]);
  });

  it("keeps the stale marker's NaN bits", async () => {
    const name = uniq("rw_stale");
    expect((await remoteWrite([{ labels: { __name__: name }, samples: [{ t: now - 30_000, v: 7 }] }])).status).toBe(
      204,
    );
    expect((await remoteWrite([], { body: staleBody(name, now - 15_000) })).status).toBe(204);
    const [s] = await selectAll(byName(name));
    expect(s.values[0]).toBe(7);
    expect(valueBits(s.values, 1)).toEqual(STALE_NAN_BITS);
  });

  it("rejects invalid samples with 400 text while keeping the valid ones", async () => {
    const name = uniq("rw_partial");
    const many: Record<string, string> = { __name__: name };
    for (let i = 0; i < 31; i++) many[`l${i}`] = "x";
    const res = await remoteWrite([
      {
        labels: { __name__: name, ok: "yes" },
        samples: [
          { t: now - 1000, v: 1 },
          { t: now + 3_600_000, v: 2 },
        ],
      },
      { labels: many, samples: [{ t: now - 1000, v: 3 }] },
      { labels: { __name__: name, big: "v".repeat(2049) }, samples: [{ t: now - 1000, v: 4 }] },
      { labels: { job: "nameless" }, samples: [{ t: now - 1000, v: 5 }] },
    ]);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^4 samples rejected, 1 accepted/);
    expect(text).toMatch(/10 minutes in the future/);
    expect(text).toMatch(/more than the limit of 30/);
    expect(text).toMatch(/longer than 2048 bytes/);
    const got = await selectAll(byName(name));
    expect(got.map((s) => [s.labels.ok, Array.from(s.values)])).toEqual([["yes", [1]]]);
  });

  it("counts out-of-order samples per series, accepts exact duplicates, rejects conflicting ones", async () => {
    const name = uniq("rw_ooo");
    const labels = { __name__: name };
    expect(
      (
        await remoteWrite([
          {
            labels,
            samples: [
              { t: now - 10_000, v: 1 },
              { t: now - 5_000, v: 2 },
            ],
          },
        ])
      ).status,
    ).toBe(204);
    expect((await remoteWrite([{ labels, samples: [{ t: now - 5_000, v: 2 }] }])).status).toBe(204);
    const res = await remoteWrite([
      {
        labels,
        samples: [
          { t: now - 9_000, v: 9 },
          { t: now - 8_000, v: 9 },
          { t: now - 5_000, v: 3 },
          { t: now - 1_000, v: 4 },
        ],
      },
    ]);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toMatch(/2 out-of-order samples/);
    expect(text).toMatch(/1 samples rejected as duplicates with a different value/);
    const [s] = await selectAll(byName(name));
    expect(Array.from(s.values)).toEqual([1, 2, 4]);
  });

  it("answers 415 for a wrong content type or encoding, 413 over 10 MiB, 400 for garbage", async () => {
    const body = encodeWriteRequest([{ labels: { __name__: "x" }, samples: [{ t: now, v: 1 }] }]);
    expect((await remoteWrite([], { headers: { "content-type": "application/json" }, body })).status).toBe(415);
    expect((await remoteWrite([], { headers: { "content-encoding": "gzip" }, body })).status).toBe(415);
    const big = await remoteWrite([], { body: new Uint8Array(10 * 1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    expect(await big.text()).toMatch(/limit/);
    const bad = await remoteWrite([], { body: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/snappy/);
    const notProto = await remoteWrite([], { body: compress(new Uint8Array([0x0a, 0x50, 1, 2])) });
    expect(notProto.status).toBe(400);
    expect(await notProto.text()).toMatch(/protobuf/);
  });

  it("stores metadata and serves series, label names and values", async () => {
    const name = uniq("rw_meta");
    const body = compress(
      encodeWriteRequest(
        [
          {
            labels: { __name__: name, "deployment.version": "v3.41.0", region: "us-east-1" },
            samples: [{ t: now - 1000, v: 1 }],
          },
        ],
        [{ metric: name, type: "counter", help: "Requests.", unit: "" }],
      ),
    );
    expect((await remoteWrite([], { body })).status).toBe(204);
    const src = shardedSeriesSource(env);
    expect(await src.metadata(name)).toEqual({ [name]: [{ type: "counter", help: "Requests.", unit: "" }] });
    expect(await src.series([byName(name)], now - 60_000, now)).toEqual([
      { __name__: name, "deployment.version": "v3.41.0", region: "us-east-1" },
    ]);
    expect(await src.series([byName(name)], now - 600_000, now - 300_000)).toEqual([]);
    expect(await src.labelNames([byName(name)], 0, now)).toEqual(["__name__", "deployment.version", "region"]);
    expect(await src.labelValues("deployment.version", [byName(name)], 0, now)).toEqual(["v3.41.0"]);
    expect(await src.labelValues("__name__", [], 0, now)).toContain(name);
  });

  it("loses nothing acknowledged when every Durable Object is evicted", async () => {
    const name = uniq("rw_durable");
    const samples = Array.from({ length: 300 }, (_, k) => ({ t: now - 7_200_000 + k * 10_000, v: k % 7 }));
    expect((await remoteWrite([{ labels: { __name__: name }, samples: samples.slice(0, 150) }])).status).toBe(204);
    await abortAllDurableObjects();
    expect((await remoteWrite([{ labels: { __name__: name }, samples: samples.slice(150) }])).status).toBe(204);
    await abortAllDurableObjects();
    const [s] = await selectAll(byName(name));
    expect(Array.from(s.timestamps)).toEqual(samples.map((x) => x.t));
    expect(Array.from(s.values)).toEqual(samples.map((x) => x.v));
  });
});
