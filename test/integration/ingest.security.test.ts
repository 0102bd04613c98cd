import { describe, expect, it } from "vitest";
import { remoteWriteBody } from "../../core/remote-write/encode";
import { call, tokenWith } from "./helpers";

const rw = () => ({
  method: "POST",
  headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
  body: remoteWriteBody([{ labels: { __name__: "sec_probe" }, samples: [{ t: Date.now() - 1000, v: 1 }] }]),
});
const otlp = () => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ resourceMetrics: [] }),
});

describe("metrics ingest security", () => {
  for (const [path, init] of [
    ["/api/v1/write", rw],
    ["/v1/metrics", otlp],
  ] as const) {
    it(`${path}: no token 401, read-only token 403, ingest token 2xx`, async () => {
      const none = await call(path, { ...init(), token: null });
      expect(none.status).toBe(401);
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
      expect((await call(path, { ...init(), token: "vgl_wrong" })).status).toBe(401);
      const reader = await tokenWith(["read"]);
      const forbidden = await call(path, { ...init(), token: reader });
      expect(forbidden.status).toBe(403);
      expect(((await forbidden.json()) as { error: { message: string } }).error.message).toMatch(/ingest/);
      const ingest = await tokenWith(["ingest"]);
      const ok = await call(path, { ...init(), token: ingest });
      expect(ok.status).toBeGreaterThanOrEqual(200);
      expect(ok.status).toBeLessThan(300);
    });
  }

  it("accepts the token as basic auth password, as Prometheus remote_write basic_auth sends it", async () => {
    const ingest = await tokenWith(["ingest"]);
    const res = await call("/api/v1/write", {
      ...rw(),
      token: null,
      headers: { ...rw().headers, authorization: `Basic ${btoa(`prometheus:${ingest}`)}` },
    });
    expect(res.status).toBe(204);
  });

  it("/api/metrics/storage: no token 401, ingest-only token 403, read token 200 with the figures", async () => {
    expect((await call("/api/metrics/storage", { token: null })).status).toBe(401);
    expect((await call("/api/metrics/storage", { token: await tokenWith(["ingest"]) })).status).toBe(403);
    const ok = await call("/api/metrics/storage", { token: await tokenWith(["read"]) });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { series: number; samples: number; shards: { object: string }[] };
    // Every live object by name: each kept day's generations, three shards each.
    const today = Math.floor(Date.now() / 86_400_000);
    expect(body.shards.map((s) => s.object)).toEqual(
      expect.arrayContaining([`metrics-${today}-0`, `metrics-${today}-1`, `metrics-${today}-2`]),
    );
    expect(body.shards.length % 3).toBe(0);
    expect(body.samples).toBeGreaterThan(0);
  });

  it("does not accept ingest tokens for token management", async () => {
    const ingest = await tokenWith(["ingest"]);
    expect((await call("/api/tokens", { token: ingest })).status).toBe(403);
  });
});
