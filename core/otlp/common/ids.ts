// Trace and span ids: raw bytes in protobuf, lowercase hex strings in OTLP/JSON (not base64).
import { OtlpDecodeError } from "./types";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
}

/** Decode a JSON id: hex of exactly `byteLength` bytes, or empty (absent). Returns lowercase hex. */
export function idFromJson(v: unknown, byteLength: 8 | 16, what: string): string {
  if (v === undefined || v === null || v === "") return "";
  if (typeof v !== "string" || v.length !== byteLength * 2 || !/^[0-9a-fA-F]+$/.test(v)) {
    throw new OtlpDecodeError(`${what} must be ${byteLength * 2} hex characters`);
  }
  return v.toLowerCase();
}

/** Decode a protobuf id: `byteLength` bytes or empty. Returns lowercase hex. */
export function idFromBytes(bytes: Uint8Array, byteLength: 8 | 16, what: string): string {
  if (bytes.length === 0) return "";
  if (bytes.length !== byteLength)
    throw new OtlpDecodeError(`${what} must be ${byteLength} bytes, got ${bytes.length}`);
  return bytesToHex(bytes);
}

/** An all-zero id is "unset" in OTLP. */
export function isZeroId(hex: string): boolean {
  return /^0*$/.test(hex);
}
