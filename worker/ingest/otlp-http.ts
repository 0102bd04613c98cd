// OTLP/HTTP plumbing shared by /v1/traces and /v1/logs: content type negotiation, body reading (size
// limit, gzip) and the OTLP envelopes (partialSuccess on success, google.rpc.Status on failure).
import { ApiError } from "../../core/contracts/errors";
import { OtlpDecodeError, parseJsonBody } from "../../core/otlp/common";
import { exportResponse, statusResponse, type OtlpEncoding, type OtlpSignal } from "../../core/otlp/response";
import { DEFAULT_MAX_BODY_BYTES, readBody } from "../lib/body";

const contentTypes: Record<OtlpEncoding, string> = { proto: "application/x-protobuf", json: "application/json" };

export function encodingOf(req: Request): OtlpEncoding | null {
  const ct = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (ct === "application/x-protobuf" || ct === "application/protobuf") return "proto";
  if (ct === "application/json") return "json";
  return null;
}

function reply(enc: OtlpEncoding, status: number, body: Uint8Array | string): Response {
  return new Response(body, { status, headers: { "content-type": contentTypes[enc] } });
}

/** gRPC status codes used in OTLP Status bodies. */
export const INVALID_ARGUMENT = 3;
export const RESOURCE_EXHAUSTED = 8;
const INTERNAL = 13;
const UNAVAILABLE = 14;

/** A google.rpc.Status answer with its HTTP status, in the given encoding. */
export function otlpStatus(enc: OtlpEncoding, httpStatus: number, code: number, message: string): Response {
  return reply(enc, httpStatus, statusResponse(enc, code, message));
}

export function otlpFailure(enc: OtlpEncoding, err: unknown): Response {
  if (err instanceof OtlpDecodeError) return reply(enc, 400, statusResponse(enc, INVALID_ARGUMENT, err.message));
  if (err instanceof ApiError) {
    const code =
      err.status === 413 || err.status === 422
        ? RESOURCE_EXHAUSTED
        : err.status >= 500
          ? UNAVAILABLE
          : INVALID_ARGUMENT;
    return reply(enc, err.status, statusResponse(enc, code, err.message));
  }
  console.error("otlp ingest failed", err);
  // 503 tells OTLP exporters the failure is retryable (storage hiccup), per the OTLP/HTTP spec.
  return reply(enc, 503, statusResponse(enc, INTERNAL, "ingest failed; retry later"));
}

export interface Decoders<T> {
  proto(bytes: Uint8Array): T[];
  json(body: unknown): T[];
}

/** Read and decode an OTLP request; the caller stores what it returns and answers with `otlpSuccess`. */
export async function readOtlp<T>(req: Request, decoders: Decoders<T>): Promise<{ enc: OtlpEncoding; items: T[] }> {
  const enc = encodingOf(req);
  if (!enc) {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Content-Type must be application/x-protobuf or application/json, got '${req.headers.get("content-type") ?? ""}'`,
    );
  }
  const bytes = await readBody(req, DEFAULT_MAX_BODY_BYTES);
  const items = enc === "proto" ? decoders.proto(bytes) : decoders.json(parseJsonBody(bytes));
  return { enc, items };
}

export function otlpSuccess(signal: OtlpSignal, enc: OtlpEncoding, rejected: number, message: string): Response {
  return reply(enc, 200, exportResponse(signal, enc, rejected, message));
}
