// Trace/log-specific glue over the shared OTLP common decoders: attribute values made JSON-safe for
// storage (bytes as base64), nanosecond int64 -> microseconds, enums given as integers or names.
import {
  anyValueToString,
  asInt64,
  OtlpDecodeError,
  type AnyValue,
  type Attributes as CommonAttributes,
} from "../common";

/** A stored attribute value: JSON-safe (bytes become base64 strings, non-finite doubles strings). */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export { OtlpDecodeError };

export function storableValue(v: AnyValue): AttrValue {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (v instanceof Uint8Array) return anyValueToString(v);
  if (Array.isArray(v)) return v.map(storableValue);
  const o: { [key: string]: AttrValue } = {};
  for (const k of Object.keys(v)) o[k] = storableValue(v[k]);
  return o;
}

export function storableAttributes(attrs: CommonAttributes): Attributes {
  const o: Attributes = {};
  for (const k of Object.keys(attrs)) o[k] = storableValue(attrs[k]);
  return o;
}

/** Flattened string form used for indexing and filtering. */
export function attrToString(v: AttrValue): string {
  return anyValueToString(v as AnyValue);
}

/** Unsigned 64-bit nanoseconds -> integer microseconds (exact through bigint). */
export function nanosToMicros(v: bigint | string | number): number {
  if (typeof v === "number") return Number.isFinite(v) ? Math.floor(v / 1000) : 0;
  return Number(BigInt(v) / 1000n);
}

/** OTLP/JSON requires integer enums; the enum names (what some hand-written payloads use) are accepted too. */
export function jsonEnum(v: unknown, names: Record<string, number>, what: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string") {
    if (/^\d+$/.test(v)) return Number(v);
    if (v in names) return names[v];
  }
  throw new OtlpDecodeError(`invalid ${what} '${String(v).slice(0, 40)}'`);
}

/** An OTLP/JSON int64 nanosecond timestamp as microseconds; errors name the field for the sender. */
export function microsFromJson(v: unknown, what: string): number {
  try {
    return nanosToMicros(asInt64(v, what));
  } catch (e) {
    // The shared int64 reader does not always name the field; the sender needs to know which one.
    const msg = e instanceof Error ? e.message : String(e);
    throw new OtlpDecodeError(msg.includes(what) ? msg : `${what}: ${msg}`);
  }
}
