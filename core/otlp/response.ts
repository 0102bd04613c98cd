// OTLP/HTTP responses: Export*ServiceResponse with partial_success, and google.rpc.Status for failures,
// each in the request's encoding (protobuf or JSON) as the OTLP/HTTP spec asks.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

export type OtlpEncoding = "proto" | "json";
export type OtlpSignal = "metrics" | "traces" | "logs";

const rejectedField: Record<OtlpSignal, string> = {
  metrics: "rejectedDataPoints",
  traces: "rejectedSpans",
  logs: "rejectedLogRecords",
};

export function exportResponse(
  signal: OtlpSignal,
  enc: OtlpEncoding,
  rejected: number,
  message: string,
): Uint8Array | string {
  if (enc === "json") {
    if (!rejected && !message) return JSON.stringify({});
    return JSON.stringify({ partialSuccess: { [rejectedField[signal]]: String(rejected), errorMessage: message } });
  }
  const w = new BinaryWriter();
  if (rejected || message) {
    w.tag(1, WireType.LengthDelimited).fork();
    if (rejected) w.tag(1, WireType.Varint).int64(rejected);
    if (message) w.tag(2, WireType.LengthDelimited).string(message);
    w.join();
  }
  return w.finish();
}

/** google.rpc.Status: code (gRPC code numbers, 3 = INVALID_ARGUMENT, 8 = RESOURCE_EXHAUSTED), message. */
export function statusResponse(enc: OtlpEncoding, code: number, message: string): Uint8Array | string {
  if (enc === "json") return JSON.stringify({ code, message });
  return new BinaryWriter()
    .tag(1, WireType.Varint)
    .int32(code)
    .tag(2, WireType.LengthDelimited)
    .string(message)
    .finish();
}

/** Decodes a partial_success from a protobuf response (used by tests and the bench). */
export function readProtoPartialSuccess(bytes: Uint8Array): { rejected: number; message: string } {
  // Tiny hand decoder: outer field 1 (message) -> inner field 1 varint, field 2 string.
  let rejected = 0;
  let message = "";
  let i = 0;
  const varint = (): number => {
    let v = 0;
    let m = 1;
    for (;;) {
      const b = bytes[i++];
      v += (b & 0x7f) * m;
      m *= 128;
      if (b < 128) return v;
    }
  };
  while (i < bytes.length) {
    const tag = varint();
    if (tag >> 3 !== 1) break;
    const end = varint() + i;
    while (i < end) {
      const t = varint();
      if (t >> 3 === 1) rejected = varint();
      else if (t >> 3 === 2) {
        const n = varint();
        message = new TextDecoder().decode(bytes.subarray(i, i + n));
        i += n;
      } else break;
    }
  }
  return { rejected, message };
}
