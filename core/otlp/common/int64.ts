// 64-bit integers arrive as bigint (protobuf varint/fixed64) or as a JSON string or number. Nanosecond
// timestamps exceed 2^53, so conversions go through bigint to stay exact.
import { OtlpDecodeError } from "./types";

const MAX_U64 = (1n << 64n) - 1n;
const MIN_I64 = -(1n << 63n);

/** Normalize a decoded int64 (bigint, or the string protobuf-es returns without BigInt support). */
export function toBigInt(v: bigint | string | number): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new OtlpDecodeError(`expected an integer, got ${v}`);
    return BigInt(v);
  }
  if (!/^-?\d{1,20}$/.test(v)) throw new OtlpDecodeError(`expected an integer, got ${JSON.stringify(v.slice(0, 40))}`);
  return BigInt(v);
}

/** A JSON int64: a decimal string or a number (OTLP/JSON allows both). */
export function int64FromJson(v: unknown, what: string): bigint {
  if (typeof v !== "string" && typeof v !== "number")
    throw new OtlpDecodeError(`${what} must be an integer or a decimal string`);
  const b = toBigInt(v);
  if (b < MIN_I64 || b > MAX_U64) throw new OtlpDecodeError(`${what} is out of the 64-bit range`);
  return b;
}

/** A number when exact, else the decimal string (keeps AnyValue JSON-safe and lossless). */
export function int64ToValue(b: bigint): number | string {
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b.toString();
}

/** Unix nanoseconds -> epoch milliseconds (floor), exact for any realistic time. */
export function nanosToMillis(nanos: bigint): number {
  return Number(nanos / 1_000_000n);
}
