import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OtlpDecodeError } from "../common";
import { decodeTracesJson } from "./decode-json";
import { decodeTracesProto } from "./decode-proto";
import { encodeTracesJson } from "./encode-json";
import { encodeTracesProto } from "./encode-proto";
import { applySpanLimits } from "./limits";
import type { AttrValue } from "./otlp-values";
import type { SpanRecord } from "./types";

const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const scalar: fc.Arbitrary<AttrValue> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
);
const value: fc.Arbitrary<AttrValue> = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const attrs = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== "__proto__"),
  value,
  { maxKeys: 5 },
);

const spanArb: fc.Arbitrary<SpanRecord> = fc
  .record({
    traceId: hex(32),
    spanId: hex(16),
    parentSpanId: fc.oneof(fc.constant(""), hex(16)),
    name: fc.string({ maxLength: 30 }),
    kind: fc.integer({ min: 0, max: 5 }),
    startUs: fc.integer({ min: 1, max: 2_000_000_000_000_000 }),
    dur: fc.integer({ min: 0, max: 10_000_000 }),
    statusCode: fc.integer({ min: 0, max: 2 }),
    statusMessage: fc.string({ maxLength: 20 }),
    service: fc.string({ minLength: 1, maxLength: 10 }),
    attributes: attrs,
    extra: attrs,
    scopeName: fc.string({ maxLength: 10 }),
    scopeVersion: fc.string({ maxLength: 5 }),
    events: fc.array(
      fc.record({
        timeUs: fc.integer({ min: 0, max: 2_000_000_000_000_000 }),
        name: fc.string({ maxLength: 10 }),
        attributes: attrs,
      }),
      { maxLength: 2 },
    ),
    links: fc.array(fc.record({ traceId: hex(32), spanId: hex(16), attributes: attrs }), { maxLength: 2 }),
    traceState: fc.constantFrom("", "ot=th:8", "congo=t61rcWkgMzE,ot=rv:9b8233f7e3a151;th:c"),
  })
  .map(({ dur, extra, traceState, ...r }) => ({
    ...r,
    ...(traceState ? { traceState } : {}),
    endUs: r.startUs + dur,
    resource: { ...extra, "service.name": r.service },
  }));

describe("trace decoders", () => {
  it("property: protobuf and JSON round-trip to the same spans", () => {
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 6 }), (spans) => {
        const viaProto = decodeTracesProto(encodeTracesProto(spans));
        const viaJson = decodeTracesJson(JSON.parse(JSON.stringify(encodeTracesJson(spans))));
        const norm = (list: SpanRecord[]) =>
          JSON.parse(
            JSON.stringify(
              list.map((s) => ({ ...s })).sort((a, b) => (a.spanId + a.traceId).localeCompare(b.spanId + b.traceId)),
            ),
          );
        expect(norm(viaProto)).toEqual(norm(spans));
        expect(norm(viaJson)).toEqual(norm(spans));
      }),
      { numRuns: 150 },
    );
  });

  it("property: arbitrary bytes either decode or fail with OtlpDecodeError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeTracesProto(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(OtlpDecodeError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("accepts int64 as number or string, named enums, and ignores unknown fields", () => {
    const spans = decodeTracesJson({
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "checkout-service" } }] },
          unknownField: 1,
          scopeSpans: [
            {
              spans: [
                {
                  traceId: "5B8EFFF798038103D269B633813FC60C",
                  spanId: "EEE19B7EC3C1B174",
                  name: "a",
                  kind: "SPAN_KIND_SERVER",
                  startTimeUnixNano: 1700000000000000000,
                  endTimeUnixNano: "1700000000004100000",
                  status: { code: 2 },
                  whatever: true,
                },
              ],
            },
          ],
        },
      ],
    });
    expect(spans[0]).toMatchObject({
      traceId: "5b8efff798038103d269b633813fc60c",
      kind: 2,
      startUs: 1700000000000000,
      endUs: 1700000000004100,
      statusCode: 2,
      service: "checkout-service",
    });
  });

  it("rejects malformed ids and non-integer times with a named field", () => {
    expect(() => decodeTracesJson({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "xyz" }] }] }] })).toThrow(
      /traceId/,
    );
    expect(() =>
      decodeTracesJson({ resourceSpans: [{ scopeSpans: [{ spans: [{ startTimeUnixNano: "soon" }] }] }] }),
    ).toThrow(/startTimeUnixNano/);
  });

  it("limits: future spans rejected, long values truncated, extra attributes dropped, all reported", () => {
    const now = Date.UTC(2026, 0, 1);
    const base: SpanRecord = {
      traceId: "a".repeat(32),
      spanId: "b".repeat(16),
      parentSpanId: "",
      name: "op",
      kind: 2,
      startUs: now * 1000,
      endUs: now * 1000 + 5,
      statusCode: 0,
      statusMessage: "",
      service: "s",
      resource: {},
      attributes: {},
      scopeName: "",
      scopeVersion: "",
      events: [],
      links: [],
    };
    const many = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`k${i}`, i]));
    const r = applySpanLimits(
      [
        { ...base, startUs: (now + 11 * 60_000) * 1000, endUs: (now + 11 * 60_000) * 1000 },
        { ...base, spanId: "c".repeat(16), attributes: { big: "x".repeat(5000) } },
        { ...base, spanId: "d".repeat(16), attributes: many },
      ],
      now,
    );
    expect(r.rejected).toBe(1);
    expect(r.accepted.length).toBe(2);
    expect((r.accepted[0].attributes.big as string).length).toBe(4096);
    expect(Object.keys(r.accepted[1].attributes).length).toBe(128);
    expect(r.message).toMatch(/1 span\(s\) rejected: timestamp more than 10 min in the future/);
    expect(r.message).toMatch(/1 attribute value\(s\) truncated to 4096/);
    expect(r.message).toMatch(/2 attribute\(s\) dropped past 128/);
  });
});
