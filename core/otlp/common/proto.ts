// Protobuf decoding of OTLP common.proto with @bufbuild/protobuf's wire reader (no runtime codegen, which
// Workers forbid). Each reader reads one length-delimited sub-message; unknown fields are skipped.
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { int64ToValue, toBigInt } from "./int64";
import {
  type AnyValue,
  type Attributes,
  type InstrumentationScope,
  MAX_ANY_VALUE_DEPTH,
  OtlpDecodeError,
  type Resource,
  emptyAttributes,
  emptyScope,
} from "./types";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const laxUtf8 = new TextDecoder("utf-8");

/** A reader over `bytes`; invalid UTF-8 in strings becomes U+FFFD rather than failing the whole batch. */
export function newReader(bytes: Uint8Array): BinaryReader {
  return new BinaryReader(bytes, (b, strict) => (strict ? strictUtf8 : laxUtf8).decode(b));
}

/** Read a length prefix and return where the sub-message ends, checked against the buffer. */
export function subEnd(r: BinaryReader): number {
  const len = r.uint32();
  const end = r.pos + len;
  if (end > r.len) throw new OtlpDecodeError("truncated message: a length prefix points past the end of the body");
  return end;
}

/** Fail clearly when a known field arrives with the wrong wire type (a corrupt or foreign body). */
export function expectWire(actual: WireType, expected: WireType, field: string): void {
  if (actual !== expected) throw new OtlpDecodeError(`field ${field} has wire type ${actual}, expected ${expected}`);
}

/** Ensure a sub-message did not read past its declared end. */
export function checkEnd(r: BinaryReader, end: number): void {
  if (r.pos !== end) throw new OtlpDecodeError("malformed message: a field crosses its parent's boundary");
}

export function readAnyValue(r: BinaryReader, end: number, depth = 0): AnyValue {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new OtlpDecodeError(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH}`);
  let value: AnyValue = null;
  while (r.pos < end) {
    const [no, wt] = r.tag();
    switch (no) {
      case 1:
        expectWire(wt, WireType.LengthDelimited, "AnyValue.string_value");
        value = r.string();
        break;
      case 2:
        expectWire(wt, WireType.Varint, "AnyValue.bool_value");
        value = r.bool();
        break;
      case 3:
        expectWire(wt, WireType.Varint, "AnyValue.int_value");
        value = int64ToValue(toBigInt(r.int64()));
        break;
      case 4:
        expectWire(wt, WireType.Bit64, "AnyValue.double_value");
        value = r.double();
        break;
      case 5: {
        expectWire(wt, WireType.LengthDelimited, "AnyValue.array_value");
        value = readArrayValue(r, subEnd(r), depth + 1);
        break;
      }
      case 6: {
        expectWire(wt, WireType.LengthDelimited, "AnyValue.kvlist_value");
        value = readKeyValueList(r, subEnd(r), depth + 1);
        break;
      }
      case 7:
        expectWire(wt, WireType.LengthDelimited, "AnyValue.bytes_value");
        value = r.bytes().slice();
        break;
      default:
        r.skip(wt, no);
    }
  }
  checkEnd(r, end);
  return value;
}

function readArrayValue(r: BinaryReader, end: number, depth: number): AnyValue[] {
  const out: AnyValue[] = [];
  while (r.pos < end) {
    const [no, wt] = r.tag();
    if (no === 1) {
      expectWire(wt, WireType.LengthDelimited, "ArrayValue.values");
      out.push(readAnyValue(r, subEnd(r), depth));
    } else r.skip(wt, no);
  }
  checkEnd(r, end);
  return out;
}

function readKeyValueList(r: BinaryReader, end: number, depth: number): Attributes {
  const out = emptyAttributes();
  while (r.pos < end) {
    const [no, wt] = r.tag();
    if (no === 1) {
      expectWire(wt, WireType.LengthDelimited, "KeyValueList.values");
      readKeyValueInto(r, subEnd(r), out, depth);
    } else r.skip(wt, no);
  }
  checkEnd(r, end);
  return out;
}

/** Read one KeyValue sub-message (bounded by `end`) into `into`. */
export function readKeyValueInto(r: BinaryReader, end: number, into: Attributes, depth = 0): void {
  let key = "";
  let value: AnyValue = null;
  while (r.pos < end) {
    const [no, wt] = r.tag();
    if (no === 1) {
      expectWire(wt, WireType.LengthDelimited, "KeyValue.key");
      key = r.string();
    } else if (no === 2) {
      expectWire(wt, WireType.LengthDelimited, "KeyValue.value");
      value = readAnyValue(r, subEnd(r), depth);
    } else r.skip(wt, no);
  }
  checkEnd(r, end);
  into[key] = value;
}

export function readResource(r: BinaryReader, end: number): Resource {
  const res: Resource = { attributes: emptyAttributes(), droppedAttributesCount: 0 };
  while (r.pos < end) {
    const [no, wt] = r.tag();
    if (no === 1) {
      expectWire(wt, WireType.LengthDelimited, "Resource.attributes");
      readKeyValueInto(r, subEnd(r), res.attributes);
    } else if (no === 2) {
      expectWire(wt, WireType.Varint, "Resource.dropped_attributes_count");
      res.droppedAttributesCount = r.uint32();
    } else r.skip(wt, no);
  }
  checkEnd(r, end);
  return res;
}

export function readScope(r: BinaryReader, end: number): InstrumentationScope {
  const scope = emptyScope();
  while (r.pos < end) {
    const [no, wt] = r.tag();
    if (no === 1) {
      expectWire(wt, WireType.LengthDelimited, "InstrumentationScope.name");
      scope.name = r.string();
    } else if (no === 2) {
      expectWire(wt, WireType.LengthDelimited, "InstrumentationScope.version");
      scope.version = r.string();
    } else if (no === 3) {
      expectWire(wt, WireType.LengthDelimited, "InstrumentationScope.attributes");
      readKeyValueInto(r, subEnd(r), scope.attributes);
    } else if (no === 4) {
      expectWire(wt, WireType.Varint, "InstrumentationScope.dropped_attributes_count");
      scope.droppedAttributesCount = r.uint32();
    } else r.skip(wt, no);
  }
  checkEnd(r, end);
  return scope;
}

/** Run a top-level decode, turning the wire reader's own errors (premature EOF, bad varint, bad wire type)
 * into OtlpDecodeError so routes answer 400 instead of 500. */
export function decodeGuard<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof OtlpDecodeError) throw e;
    if (e instanceof RangeError && /call stack/i.test(e.message))
      throw new OtlpDecodeError(`${what}: nested too deeply`);
    throw new OtlpDecodeError(`${what}: invalid protobuf (${e instanceof Error ? e.message : String(e)})`);
  }
}
