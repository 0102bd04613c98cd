// OTLP/JSON decoding of common.proto (the protobuf JSON mapping with OTLP's exceptions: lowerCamelCase keys,
// hex trace/span ids, int64 as string or number, enums as integers). Unknown fields are ignored, as the
// spec requires. Hand-written rather than a zod schema because AnyValue is recursive and must be depth-limited,
// and bodies reach 10 MiB: each helper checks the shape it reads and names the offending field.
import { int64FromJson, int64ToValue } from "./int64";
import {
  type AnyValue,
  type Attributes,
  type InstrumentationScope,
  MAX_ANY_VALUE_DEPTH,
  OtlpDecodeError,
  type Resource,
  emptyAttributes,
  emptyResource,
  emptyScope,
} from "./types";

export type JsonObject = Record<string, unknown>;

export function asObject(v: unknown, what: string): JsonObject {
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v)) throw new OtlpDecodeError(`${what} must be an object`);
  return v as JsonObject;
}

export function asArray(v: unknown, what: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${what} must be an array`);
  return v;
}

export function asString(v: unknown, what: string): string {
  if (v === undefined || v === null) return "";
  if (typeof v !== "string") throw new OtlpDecodeError(`${what} must be a string`);
  return v;
}

export function asBool(v: unknown, what: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== "boolean") throw new OtlpDecodeError(`${what} must be a boolean`);
  return v;
}

/** A JSON double: a number, or "NaN" / "Infinity" / "-Infinity" as the protobuf JSON mapping writes them. */
export function asDouble(v: unknown, what: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number") return v;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  throw new OtlpDecodeError(`${what} must be a number`);
}

/** A uint32/int32 or enum given as an integer (OTLP/JSON requires integer enums). */
export function asInt(v: unknown, what: string): number {
  if (v === undefined || v === null) return 0;
  const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== "number" || !Number.isInteger(n)) throw new OtlpDecodeError(`${what} must be an integer`);
  return n;
}

/** An optional int64 (absent means 0), as bigint. */
export function asInt64(v: unknown, what: string): bigint {
  if (v === undefined || v === null) return 0n;
  return int64FromJson(v, what);
}

function base64ToBytes(s: string, what: string): Uint8Array {
  try {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    throw new OtlpDecodeError(`${what} must be base64`);
  }
}

export function anyValueFromJson(v: unknown, what = "value", depth = 0): AnyValue {
  if (depth > MAX_ANY_VALUE_DEPTH)
    throw new OtlpDecodeError(`${what}: AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH}`);
  const o = asObject(v, what);
  if (o.stringValue !== undefined) return asString(o.stringValue, `${what}.stringValue`);
  if (o.boolValue !== undefined) return asBool(o.boolValue, `${what}.boolValue`);
  if (o.intValue !== undefined) return int64ToValue(int64FromJson(o.intValue, `${what}.intValue`));
  if (o.doubleValue !== undefined) return asDouble(o.doubleValue, `${what}.doubleValue`);
  if (o.bytesValue !== undefined)
    return base64ToBytes(asString(o.bytesValue, `${what}.bytesValue`), `${what}.bytesValue`);
  if (o.arrayValue !== undefined) {
    const values = asArray(asObject(o.arrayValue, `${what}.arrayValue`).values, `${what}.arrayValue.values`);
    return values.map((x, i) => anyValueFromJson(x, `${what}.arrayValue.values[${i}]`, depth + 1));
  }
  if (o.kvlistValue !== undefined) {
    const values = asObject(o.kvlistValue, `${what}.kvlistValue`).values;
    return attributesFromJson(values, `${what}.kvlistValue.values`, depth + 1);
  }
  return null;
}

/** A repeated KeyValue list -> Attributes (last duplicate wins). */
export function attributesFromJson(v: unknown, what = "attributes", depth = 0): Attributes {
  const out = emptyAttributes();
  asArray(v, what).forEach((kv, i) => {
    const o = asObject(kv, `${what}[${i}]`);
    out[asString(o.key, `${what}[${i}].key`)] = anyValueFromJson(o.value, `${what}[${i}].value`, depth);
  });
  return out;
}

export function resourceFromJson(v: unknown, what = "resource"): Resource {
  if (v === undefined || v === null) return emptyResource();
  const o = asObject(v, what);
  return {
    attributes: attributesFromJson(o.attributes, `${what}.attributes`),
    droppedAttributesCount: asInt(o.droppedAttributesCount, `${what}.droppedAttributesCount`),
  };
}

export function scopeFromJson(v: unknown, what = "scope"): InstrumentationScope {
  if (v === undefined || v === null) return emptyScope();
  const o = asObject(v, what);
  return {
    name: asString(o.name, `${what}.name`),
    version: asString(o.version, `${what}.version`),
    attributes: attributesFromJson(o.attributes, `${what}.attributes`),
    droppedAttributesCount: asInt(o.droppedAttributesCount, `${what}.droppedAttributesCount`),
  };
}

/** Parse the JSON text of a body, mapping syntax errors to OtlpDecodeError. */
export function parseJsonBody(bytes: Uint8Array): JsonObject {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new OtlpDecodeError("body is not valid JSON");
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new OtlpDecodeError("body must be a JSON object");
  return raw as JsonObject;
}
