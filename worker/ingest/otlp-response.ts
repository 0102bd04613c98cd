// OTLP/HTTP responses in the request's encoding: ExportMetricsServiceResponse with partialSuccess, and the
// google.rpc.Status body OTLP uses for errors.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

export type OtlpEncoding = "proto" | "json";

const CONTENT_TYPE: Record<OtlpEncoding, string> = { proto: "application/x-protobuf", json: "application/json" };

export function exportResponse(enc: OtlpEncoding, rejected: number, message: string): Response {
  let body: BodyInit;
  if (enc === "json") {
    body = JSON.stringify(
      rejected > 0 || message
        ? { partialSuccess: { rejectedDataPoints: String(rejected), errorMessage: message } }
        : {},
    );
  } else {
    const w = new BinaryWriter();
    if (rejected > 0 || message) {
      w.tag(1, WireType.LengthDelimited).fork();
      if (rejected > 0) w.tag(1, WireType.Varint).int64(rejected);
      if (message) w.tag(2, WireType.LengthDelimited).string(message);
      w.join();
    }
    body = w.finish();
  }
  return new Response(body, { status: 200, headers: { "content-type": CONTENT_TYPE[enc] } });
}

/** gRPC codes as OTLP uses them in Status.code. */
export const GRPC = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;

export function statusResponse(enc: OtlpEncoding, httpStatus: number, code: number, message: string): Response {
  const body: BodyInit =
    enc === "json"
      ? JSON.stringify({ code, message })
      : new BinaryWriter()
          .tag(1, WireType.Varint)
          .int32(code)
          .tag(2, WireType.LengthDelimited)
          .string(message)
          .finish();
  return new Response(body, { status: httpStatus, headers: { "content-type": CONTENT_TYPE[enc] } });
}
