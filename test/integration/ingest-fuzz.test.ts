// Random and mutated bodies against both ingest endpoints, through the real worker: whatever arrives, the
// answer is a clear 2xx or 4xx with a message, never a 5xx.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compress } from "snappyjs";
import { jsonRequest, protoRequest } from "../../core/otlp/metrics/fixtures.test-helpers";
import { encodeWriteRequest } from "../../core/remote-write/encode";
import { call } from "./helpers";

const validRw = encodeWriteRequest([
  {
    labels: { __name__: "fuzz_metric", job: "j", "deployment.version": "v1" },
    samples: [
      { t: Date.now() - 5000, v: 1 },
      { t: Date.now() - 1000, v: 2 },
    ],
  },
]);
const validOtlpProto = protoRequest();
const validOtlpJson = new TextEncoder().encode(JSON.stringify(jsonRequest));

/** Flip, insert, delete and truncate bytes of a valid body. */
const mutated = (base: Uint8Array) =>
  fc
    .array(fc.tuple(fc.constantFrom("flip", "insert", "delete", "truncate"), fc.nat(), fc.nat(255)), {
      minLength: 1,
      maxLength: 8,
    })
    .map((ops) => {
      let b = Array.from(base);
      for (const [op, at, byte] of ops) {
        const i = b.length ? at % b.length : 0;
        if (op === "flip") b[i] = (b[i] ?? 0) ^ (1 << (byte % 8));
        else if (op === "insert") b.splice(i, 0, byte);
        else if (op === "delete") b.splice(i, 1);
        else b = b.slice(0, i);
      }
      return new Uint8Array(b);
    });

const randomBytes = fc.uint8Array({ maxLength: 512 });

async function expectClear(res: Response): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBeLessThan(500);
  if (res.status >= 400) expect(text.length).toBeGreaterThan(0);
}

// Each run is a real request through workerd and the shards: give the properties room to run.
describe("ingest fuzzing", { timeout: 180_000 }, () => {
  it("remote_write: random and mutated protobuf (snappy-compressed) and raw garbage", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          mutated(validRw).map((b) => compress(b)),
          mutated(compress(validRw)),
          randomBytes,
        ),
        async (body) => {
          await expectClear(
            await call("/api/v1/write", {
              method: "POST",
              headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
              body,
            }),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("OTLP protobuf: random and mutated ExportMetricsServiceRequest", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(validOtlpProto), randomBytes), async (body) => {
        await expectClear(
          await call("/v1/metrics", { method: "POST", headers: { "content-type": "application/x-protobuf" }, body }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it("OTLP JSON: mutated bytes and random JSON values in every position", async () => {
    const randomJson = fc
      .jsonValue({ maxDepth: 6 })
      .map((v) =>
        new TextEncoder().encode(JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [v] }] }] })),
      );
    const shaped = fc
      .record({
        name: fc.string(),
        unit: fc.string({ maxLength: 6 }),
        t: fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n }).map(String), fc.double(), fc.string()),
        v: fc.jsonValue({ maxDepth: 2 }),
      })
      .map(({ name, unit, t, v }) =>
        new TextEncoder().encode(
          JSON.stringify({
            resourceMetrics: [
              {
                scopeMetrics: [
                  {
                    metrics: [
                      {
                        name,
                        unit,
                        sum: {
                          aggregationTemporality: 2,
                          isMonotonic: true,
                          dataPoints: [
                            { timeUnixNano: t, asDouble: v, attributes: [{ key: name, value: { stringValue: v } }] },
                          ],
                        },
                      },
                    ],
                  },
                ],
              },
            ],
          }),
        ),
      );
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(validOtlpJson), randomJson, shaped, randomBytes), async (body) => {
        await expectClear(
          await call("/v1/metrics", { method: "POST", headers: { "content-type": "application/json" }, body }),
        );
      }),
      { numRuns: 100 },
    );
  });

  it("random headers: content types and encodings", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/api/v1/write", "/v1/metrics"),
        fc.string(),
        fc.constantFrom("", "gzip", "snappy", "br", "identity", "x"),
        randomBytes,
        async (path, type, enc, body) => {
          const headers: Record<string, string> = { "content-type": type.replace(/[^\x20-\x7e]/g, "") };
          if (enc) headers["content-encoding"] = enc;
          await expectClear(await call(path, { method: "POST", headers, body }));
        },
      ),
      { numRuns: 50 },
    );
  });
});
