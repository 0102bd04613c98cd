import { env } from "cloudflare:workers";
import { it, expect } from "vitest";
import { remoteWriteBody } from "../../core/remote-write/encode";
import { call } from "./helpers";
it("prof", { timeout: 300000 }, async () => {
  const s = env.METRIC_SHARD.get(env.METRIC_SHARD.idFromName("prof"));
  const t0 = Date.now() - 3_600_000;
  const series = (step: number, n: number) => Array.from({ length: 500 }, (_, i) => ({ labels: { __name__: "m", pod: `p${i % 50}`, idx: String(i), region: "us-east-1", "deployment.version": "v3" }, timestamps: Array.from({ length: n }, (_, k) => t0 + (step + k) * 15000), values: Float64Array.from({ length: n }, (_, k) => i + k + step) }));
  const out: string[] = [];
  let t = Date.now();
  await s.append({ series: series(0, 1) });
  out.push(`new500 ${Date.now() - t}`);
  for (let r = 1; r < 6; r++) { t = Date.now(); await s.append({ series: series(r, 1) }); out.push(`existing500x1 ${Date.now() - t}`); }
  for (let r = 10; r < 30; r += 4) { t = Date.now(); await s.append({ series: series(r, 4) }); out.push(`existing500x4 ${Date.now() - t}`); }
  t = Date.now(); for (let r = 0; r < 10; r++) await s.stats(); out.push(`10 stats rpc ${Date.now() - t}`);
  const body = (step: number) => remoteWriteBody(Array.from({ length: 2000 }, (_, i) => ({ labels: { __name__: "rw", pod: `p${i % 50}`, idx: String(i), region: "us-east-1", "deployment.version": "v3" }, samples: [{ t: t0 + step * 15000, v: i }] })));
  for (let r = 0; r < 4; r++) { const b = body(r); t = Date.now(); const res = await call("/api/v1/write", { method: "POST", headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" }, body: b }); await res.text(); out.push(`rw2000 ${res.status} ${Date.now() - t}`); }
  expect(out).toEqual([]);
});
