// POST /v1/metrics: OTLP/HTTP metrics, protobuf or JSON, optionally gzip. The answer is in the request's
// content type: 200 with partialSuccess for anything refused, 400 with a Status for undecodable bodies.
import type { Context } from "hono";
import { ApiError } from "../../core/contracts/errors";
import { decodeMetricsJson } from "../../core/otlp/metrics/decode-json";
import { decodeMetricsProto } from "../../core/otlp/metrics/decode-proto";
import { translateMetrics } from "../../core/otlp/metrics/translate";
import { LIMITS } from "../../core/tsdb/limits";
import type { AppEnv } from "../app-env";
import { readBody } from "../lib/body";
import { encodingOf, INVALID_ARGUMENT, otlpStatus, otlpSuccess, RESOURCE_EXHAUSTED } from "./otlp-http";
import { writeExemplars } from "../../platform/exemplars/client";
import { storageErrors, storageRejected, writeHistograms, writeSeries } from "../../platform/metrics/write";

export async function handleOtlpMetrics(c: Context<AppEnv>): Promise<Response> {
  const enc = encodingOf(c.req.raw);
  if (!enc) {
    return otlpStatus(
      "json",
      415,
      INVALID_ARGUMENT,
      "unsupported Content-Type: send application/x-protobuf or application/json",
    );
  }
  let request;
  try {
    const body = await readBody(c.req.raw, LIMITS.maxBodyBytes);
    request = enc === "proto" ? decodeMetricsProto(body) : decodeMetricsJson(body);
  } catch (e) {
    if (e instanceof ApiError)
      return otlpStatus(enc, e.status, e.status === 413 ? RESOURCE_EXHAUSTED : INVALID_ARGUMENT, e.message);
    // Any decoder failure (OtlpDecodeError or a malformed value deep inside) is the client's body.
    return otlpStatus(
      enc,
      400,
      INVALID_ARGUMENT,
      `could not decode ExportMetricsServiceRequest: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const tr = translateMetrics(request, Date.now());
  const [totals, hTotals] = await Promise.all([
    writeSeries(c.env, tr.series, tr.metadata),
    writeHistograms(c.env, tr.histogramSeries),
  ]);
  // Exemplars ride along with their points: one that cannot be kept (out of order, too many label runes) is
  // logged, never a reason to refuse the points (OTLP counts rejected data points, not exemplars).
  const ex = await writeExemplars(c.env, tr.exemplars);
  if (ex.outOfOrder + ex.invalid > 0)
    console.warn(`otlp metrics: ${ex.outOfOrder} out-of-order and ${ex.invalid} invalid exemplars not kept`);
  const rejected = tr.rejectedPoints + storageRejected(totals) + storageRejected(hTotals);
  const errors = [...tr.errors, ...storageErrors(totals), ...storageErrors(hTotals)];
  return otlpSuccess("metrics", enc, rejected, errors.join("; "));
}
