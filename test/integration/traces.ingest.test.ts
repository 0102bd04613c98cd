import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { TraceShardApi } from "../../platform/traces/shards";
import { call, json } from "./helpers";
import { checkoutTrace, randomHex, toOtlpJson } from "./traces-fixtures";

const now = Date.now();

async function gzip(data: string): Promise<Uint8Array> {
  return new Uint8Array(
    await new Response(new Blob([data]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
  );
}

describe("POST /v1/traces limits and errors", () => {
  it("accepts gzip", async () => {
    const traceId = randomHex(16);
    const body = await gzip(
      JSON.stringify(toOtlpJson(checkoutTrace({ traceId, startMs: now - 60_000, failing: false }))),
    );
    const res = await call("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body,
    });
    expect(res.status).toBe(200);
    expect((await call(`/api/traces/${traceId}`)).status).toBe(200);
  });

  it("reports future spans and truncated attributes in partialSuccess", async () => {
    const traceId = randomHex(16);
    const spans = checkoutTrace({ traceId, startMs: now - 60_000, failing: false });
    spans[1].startUs = spans[1].endUs = (now + 11 * 60_000) * 1000;
    spans[2].attributes["http.request.body"] = "x".repeat(5000);
    const res = await json("/v1/traces", toOtlpJson(spans));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe("1");
    expect(body.partialSuccess.errorMessage).toMatch(/more than 10 min in the future/);
    expect(body.partialSuccess.errorMessage).toMatch(/truncated to 4096 characters/);
    const t = (await (await call(`/api/traces/${traceId}`)).json()) as {
      spans: { attributes: Record<string, string> }[];
    };
    expect(t.spans.length).toBe(7);
    expect(t.spans.find((s) => s.attributes["http.request.body"])!.attributes["http.request.body"].length).toBe(4096);
  });

  it("answers malformed bodies with an OTLP Status in the request's encoding", async () => {
    const bad = await call("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: number; message: string }).code).toBe(3);
    const badId = await json("/v1/traces", { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "zz" }] }] }] });
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { message: string }).message).toMatch(/traceId/);
    const proto = await call("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/x-protobuf" },
      body: new Uint8Array([0x0a, 0xff, 0xff, 0x01]),
    });
    expect(proto.status).toBe(400);
    expect(proto.headers.get("content-type")).toBe("application/x-protobuf");
    const type = await call("/v1/traces", { method: "POST", headers: { "content-type": "text/plain" }, body: "hi" });
    expect(type.status).toBe(415);
  });

  it("rejects bodies over 10 MiB and more than 50,000 spans", async () => {
    const big = await call("/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(11 * 1024 * 1024) },
      body: "{}",
    });
    expect(big.status).toBe(413);
    const traceId = randomHex(16);
    const one = {
      traceId,
      spanId: "0000000000000001",
      name: "x",
      startTimeUnixNano: `${now}000000`,
      endTimeUnixNano: `${now}000000`,
    };
    const many = { resourceSpans: [{ scopeSpans: [{ spans: Array.from({ length: 50_001 }, () => one) }] }] };
    const res = await json("/v1/traces", many);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /50001 spans in one request; the limit is 50000/,
    );
  });
});

describe("TraceShard retention", () => {
  it("refuses spans older than RETENTION_DAYS at ingest and says so", async () => {
    const old = checkoutTrace({ traceId: randomHex(16), startMs: now - 20 * 86_400_000, failing: false });
    const fresh = checkoutTrace({ traceId: randomHex(16), startMs: now - 60_000, failing: false });
    const res = await json("/v1/traces", toOtlpJson([...old, ...fresh]));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(body.partialSuccess.rejectedSpans).toBe(String(old.length));
    expect(body.partialSuccess.errorMessage).toMatch(/span\(s\) rejected: start time older than the \d+-day retention/);
    expect((await call(`/api/traces/${old[0].traceId}`)).status).toBe(404);
    expect((await call(`/api/traces/${fresh[0].traceId}`)).status).toBe(200);
  });

  it("deletes spans older than RETENTION_DAYS on its alarm in an object from before generations", async () => {
    const old = randomHex(16);
    const fresh = randomHex(16);
    // Put both traces in the same shard by sharing the low 32 bits of the id.
    const freshSameShard = fresh.slice(0, 24) + old.slice(24);
    const spans = [
      ...checkoutTrace({ traceId: old, startMs: now - 20 * 86_400_000, failing: false }),
      ...checkoutTrace({ traceId: freshSameShard, startMs: now - 60_000, failing: false }),
    ];
    const shards = Number(env.TRACE_SHARDS ?? "4");
    // Written as the version before generations did: into `traces-<i>`, every day in one object.
    const stub = env.TRACE_SHARD.get(
      env.TRACE_SHARD.idFromName(`traces-${Number.parseInt(old.slice(-8), 16) % shards}`),
    );
    expect((await (stub as unknown as TraceShardApi).ingest(spans)).inserted).toBe(spans.length);
    await runInDurableObject(stub, async (_obj, state) => {
      const n = state.storage.sql
        .exec<{ n: number }>("SELECT COUNT(*) AS n FROM spans WHERE trace_id = ?", old)
        .one().n;
      expect(n).toBe(8);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const shard = stub as unknown as TraceShardApi;
    expect((await shard.getTrace(old)).spans).toHaveLength(0);
    expect((await shard.getTrace(freshSameShard)).spans).toHaveLength(8);
    await runInDurableObject(stub, async (_obj, state) => {
      expect(await state.storage.getAlarm()).not.toBeNull();
    });
  });
});
