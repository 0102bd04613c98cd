import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { describe, expect, it } from "vitest";
import {
  OtlpDecodeError,
  anyValueFromJson,
  attributesFromJson,
  decodeGuard,
  flattenAttributes,
  idFromJson,
  int64FromJson,
  nanosToMillis,
  newReader,
  readResource,
  readScope,
  resourceFromJson,
  scopeFromJson,
} from "./index";

function kv(w: BinaryWriter, field: number, key: string, value: (w: BinaryWriter) => void): void {
  w.tag(field, WireType.LengthDelimited).fork();
  w.tag(1, WireType.LengthDelimited).string(key);
  w.tag(2, WireType.LengthDelimited).fork();
  value(w);
  w.join();
  w.join();
}

function resourceBytes(): Uint8Array {
  const w = new BinaryWriter();
  kv(w, 1, "service.name", (v) => v.tag(1, WireType.LengthDelimited).string("checkout-service"));
  kv(w, 1, "n", (v) => v.tag(3, WireType.Varint).int64("9007199254740993"));
  kv(w, 1, "ok", (v) => v.tag(2, WireType.Varint).bool(true));
  kv(w, 1, "d", (v) => v.tag(4, WireType.Bit64).double(1.5));
  kv(w, 1, "arr", (v) => {
    v.tag(5, WireType.LengthDelimited).fork();
    v.tag(1, WireType.LengthDelimited).fork().tag(3, WireType.Varint).int64(7).join();
    v.tag(1, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string("x").join();
    v.join();
  });
  kv(w, 1, "map", (v) => {
    v.tag(6, WireType.LengthDelimited).fork();
    kv(v, 1, "k", (x) => x.tag(1, WireType.LengthDelimited).string("v"));
    v.join();
  });
  kv(w, 1, "__proto__", (v) => v.tag(1, WireType.LengthDelimited).string("safe"));
  w.tag(2, WireType.Varint).uint32(3);
  w.tag(99, WireType.LengthDelimited).string("unknown field is skipped");
  return w.finish();
}

describe("protobuf common decoding", () => {
  it("decodes a Resource with every AnyValue kind and flattens it", () => {
    const bytes = resourceBytes();
    const r = newReader(bytes);
    const res = readResource(r, bytes.length);
    expect(res.droppedAttributesCount).toBe(3);
    expect(res.attributes["n"]).toBe("9007199254740993");
    expect(flattenAttributes(res.attributes)).toEqual({
      "service.name": "checkout-service",
      n: "9007199254740993",
      ok: "true",
      d: "1.5",
      arr: '[7,"x"]',
      map: '{"k":"v"}',
      ["__proto__"]: "safe",
    });
    expect(Object.getPrototypeOf(res.attributes)).toBe(null);
  });

  it("decodes an InstrumentationScope", () => {
    const w = new BinaryWriter();
    w.tag(1, WireType.LengthDelimited).string("meter").tag(2, WireType.LengthDelimited).string("1.2");
    kv(w, 3, "a", (v) => v.tag(1, WireType.LengthDelimited).string("b"));
    const bytes = w.finish();
    expect(readScope(newReader(bytes), bytes.length)).toMatchObject({
      name: "meter",
      version: "1.2",
      attributes: { a: "b" },
    });
  });

  it("turns truncated and mistyped bodies into OtlpDecodeError", () => {
    const bytes = resourceBytes();
    for (const cut of [1, 5, 17, bytes.length - 1]) {
      expect(() => decodeGuard("resource", () => readResource(newReader(bytes.subarray(0, cut)), cut))).toThrow(
        OtlpDecodeError,
      );
    }
    const w = new BinaryWriter().tag(1, WireType.Varint).uint32(5).finish();
    expect(() => decodeGuard("resource", () => readResource(newReader(w), w.length))).toThrow(/wire type/);
  });

  it("limits AnyValue nesting", () => {
    let inner = new BinaryWriter().tag(1, WireType.LengthDelimited).string("leaf").finish();
    for (let i = 0; i < 40; i++) {
      const arr = new BinaryWriter().tag(1, WireType.LengthDelimited).bytes(inner).finish();
      inner = new BinaryWriter().tag(5, WireType.LengthDelimited).bytes(arr).finish();
    }
    const w = new BinaryWriter();
    w.tag(1, WireType.LengthDelimited)
      .fork()
      .tag(1, WireType.LengthDelimited)
      .string("deep")
      .tag(2, WireType.LengthDelimited)
      .bytes(inner)
      .join();
    const bytes = w.finish();
    expect(() => decodeGuard("resource", () => readResource(newReader(bytes), bytes.length))).toThrow(/deeper/);
  });
});

describe("JSON common decoding", () => {
  it("decodes attributes with int64 strings and numbers, ignoring unknown fields", () => {
    const attrs = attributesFromJson([
      { key: "a", value: { stringValue: "x" }, extra: 1 },
      { key: "i", value: { intValue: "12" } },
      { key: "j", value: { intValue: 13 } },
      { key: "d", value: { doubleValue: "NaN" } },
      { key: "b", value: { bytesValue: "AQI=" } },
      { key: "l", value: { arrayValue: { values: [{ boolValue: false }] } } },
      { key: "m", value: { kvlistValue: { values: [{ key: "z", value: { stringValue: "y" } }] } } },
      { key: "e", value: {} },
    ]);
    expect(flattenAttributes(attrs)).toEqual({
      a: "x",
      i: "12",
      j: "13",
      d: "NaN",
      b: "AQI=",
      l: "[false]",
      m: '{"z":"y"}',
      e: "",
    });
  });

  it("decodes resource and scope, absent fields default", () => {
    expect(resourceFromJson(undefined).droppedAttributesCount).toBe(0);
    const res = resourceFromJson({
      attributes: [{ key: "service.name", value: { stringValue: "s" } }],
      droppedAttributesCount: "2",
    });
    expect(res.droppedAttributesCount).toBe(2);
    expect(scopeFromJson({ name: "n" })).toMatchObject({ name: "n", version: "" });
  });

  it("rejects wrong shapes with the field path", () => {
    expect(() => attributesFromJson({})).toThrow(/attributes must be an array/);
    expect(() => attributesFromJson([{ key: 5 }])).toThrow(/attributes\[0\]\.key/);
    expect(() => anyValueFromJson({ intValue: "1.5" })).toThrow(OtlpDecodeError);
    expect(() => int64FromJson("99999999999999999999", "t")).toThrow(/range/);
  });

  it("handles hex ids and nanosecond timestamps exactly", () => {
    expect(idFromJson("5B8EFFF798038103D269B633813FC60C", 16, "traceId")).toBe("5b8efff798038103d269b633813fc60c");
    expect(() => idFromJson("abc", 8, "spanId")).toThrow(/16 hex/);
    expect(nanosToMillis(int64FromJson("1764000000123456789", "t"))).toBe(1764000000123);
  });
});
