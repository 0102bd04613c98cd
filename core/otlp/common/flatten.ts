// Attribute values as strings, the way the collector's pdata `Value.AsString()` renders them: labels,
// log fields and search indexes all want plain strings.
import type { AnyValue, Attributes } from "./types";

function bytesToBase64(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return btoa(s);
}

function toJsonable(v: AnyValue): unknown {
  if (v instanceof Uint8Array) return bytesToBase64(v);
  if (Array.isArray(v)) return v.map(toJsonable);
  if (v !== null && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = toJsonable(v[k]);
    return o;
  }
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return v;
}

/** One value as a string: strings as-is, numbers and booleans in their canonical form, bytes as base64,
 * arrays and maps as compact JSON, null as "". */
export function anyValueToString(v: AnyValue): string {
  if (v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof Uint8Array) return bytesToBase64(v);
  return JSON.stringify(toJsonable(v));
}

/** All attributes as strings; empty keys are dropped (they cannot name a label or field). */
export function flattenAttributes(attrs: Attributes): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const k of Object.keys(attrs)) if (k !== "") out[k] = anyValueToString(attrs[k]);
  return out;
}
