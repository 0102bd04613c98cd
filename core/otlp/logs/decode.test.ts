import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OtlpDecodeError } from "../common";
import { keyValues as jsonKeyValues } from "../traces/encode-json";
import { keyValues as protoKeyValues } from "../traces/encode-proto";
import { decodeLogsJson } from "./decode-json";
import { decodeLogsProto } from "./decode-proto";
import { applyLogLimits } from "./limits";
import type { LogRecordRow } from "./types";

const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const attrs = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 10 }).filter((k) => k !== "__proto__"),
  fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean()),
  { maxKeys: 4 },
);

const logArb: fc.Arbitrary<LogRecordRow> = fc
  .record({
    timeUs: fc.integer({ min: 1, max: 2_000_000_000_000_000 }),
    observedUs: fc.integer({ min: 0, max: 2_000_000_000_000_000 }),
    severityNumber: fc.integer({ min: 0, max: 24 }),
    severityText: fc.string({ maxLength: 8 }),
    body: fc.oneof(fc.string({ maxLength: 40 }), fc.integer()),
    service: fc.string({ minLength: 1, maxLength: 10 }),
    attributes: attrs,
    scopeName: fc.string({ maxLength: 8 }),
    traceId: fc.oneof(fc.constant(""), hex(32)),
    spanId: fc.oneof(fc.constant(""), hex(16)),
    eventName: fc.string({ maxLength: 8 }),
  })
  .map((r) => ({ ...r, resource: { "service.name": r.service } }));

function toJson(logs: LogRecordRow[]): unknown {
  return {
    resourceLogs: logs.map((l) => ({
      resource: { attributes: jsonKeyValues(l.resource) },
      scopeLogs: [
        {
          scope: { name: l.scopeName },
          logRecords: [
            {
              timeUnixNano: `${l.timeUs}000`, // int64 as a JSON number where exact (a JS sender cannot write larger numbers exactly), else a string.
              observedTimeUnixNano: Number.isSafeInteger(l.observedUs * 1000)
                ? l.observedUs * 1000
                : `${l.observedUs}000`,
              severityNumber: l.severityNumber,
              severityText: l.severityText,
              body: jsonKeyValues({ b: l.body })[0].value,
              attributes: jsonKeyValues(l.attributes),
              traceId: l.traceId,
              spanId: l.spanId,
              eventName: l.eventName,
            },
          ],
        },
      ],
    })),
  };
}

const bytes = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => Number.parseInt(x, 16));

function toProto(logs: LogRecordRow[]): Uint8Array {
  const w = new BinaryWriter();
  const LD = WireType.LengthDelimited;
  for (const l of logs) {
    w.tag(1, LD).fork().tag(1, LD).fork();
    protoKeyValues(w, 1, l.resource);
    w.join().tag(2, LD).fork().tag(1, LD).fork().tag(1, LD).string(l.scopeName).join();
    w.tag(2, LD)
      .fork()
      .tag(1, WireType.Bit64)
      .fixed64(BigInt(l.timeUs) * 1000n)
      .tag(11, WireType.Bit64)
      .fixed64(BigInt(l.observedUs) * 1000n);
    w.tag(2, WireType.Varint).int32(l.severityNumber).tag(3, LD).string(l.severityText);
    // Body: an AnyValue message, written through a one-entry KeyValue list's value encoding.
    const body = new BinaryWriter();
    protoKeyValues(body, 1, { b: l.body });
    w.tag(5, LD).bytes(extractValue(body.finish()));
    protoKeyValues(w, 6, l.attributes);
    if (l.traceId) w.tag(9, LD).bytes(bytes(l.traceId));
    if (l.spanId) w.tag(10, LD).bytes(bytes(l.spanId));
    w.tag(12, LD).string(l.eventName);
    w.join().join().join();
  }
  return w.finish();
}

/** The AnyValue bytes inside `field 1 { key=1, value=2 {…} }`. */
function extractValue(kv: Uint8Array): Uint8Array {
  let i = 1;
  const varint = () => {
    let v = 0,
      m = 1;
    for (;;) {
      const b = kv[i++];
      v += (b & 0x7f) * m;
      m *= 128;
      if (b < 128) return v;
    }
  };
  varint(); // KeyValue length
  i++;
  const keyLen = varint();
  i += keyLen;
  i++;
  const valLen = varint();
  return kv.subarray(i, i + valLen);
}

describe("log decoders", () => {
  it("property: protobuf and JSON decode to the same records", () => {
    fc.assert(
      fc.property(fc.array(logArb, { maxLength: 5 }), (logs) => {
        const norm = (x: LogRecordRow[]) => JSON.parse(JSON.stringify(x));
        expect(norm(decodeLogsJson(JSON.parse(JSON.stringify(toJson(logs)))))).toEqual(norm(logs));
        expect(norm(decodeLogsProto(toProto(logs)))).toEqual(norm(logs));
      }),
      { numRuns: 150 },
    );
  });

  it("property: arbitrary bytes decode or fail with OtlpDecodeError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        try {
          decodeLogsProto(b);
        } catch (e) {
          expect(e).toBeInstanceOf(OtlpDecodeError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("limits: infers severity from text, fills missing time, rejects future records", () => {
    const now = Date.UTC(2026, 0, 1);
    const base: LogRecordRow = {
      timeUs: 0,
      observedUs: 0,
      severityNumber: 0,
      severityText: "Error",
      body: "x",
      service: "s",
      resource: {},
      attributes: {},
      scopeName: "",
      traceId: "",
      spanId: "",
      eventName: "",
    };
    const r = applyLogLimits(
      [base, { ...base, timeUs: (now + 20 * 60_000) * 1000 }, { ...base, body: "y".repeat(20_000) }],
      now,
    );
    expect(r.rejected).toBe(1);
    expect(r.accepted[0]).toMatchObject({ severityNumber: 17, timeUs: now * 1000 });
    expect((r.accepted[1].body as string).length).toBe(16_384);
    expect(r.message).toMatch(/1 log record\(s\) rejected: timestamp more than 10 min in the future/);
  });
});
