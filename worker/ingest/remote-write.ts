// POST /api/v1/write: Prometheus remote_write 1.0. Answers as the spec asks: 204 with an empty body, 400
// with a text reason for invalid samples (valid ones are kept and not retried), 413 past the size limit,
// 415 for anything but snappy-compressed protobuf.
import type { Context } from "hono";
import { ApiError } from "../../core/contracts/errors";
import { RemoteWriteDecodeError } from "../../core/remote-write/types";
import { decodeWriteRequest, unsnappy } from "../../core/remote-write/decode";
import { LIMITS } from "../../core/tsdb/limits";
import { validateSeries } from "../../core/tsdb/validate";
import type { AppEnv } from "../app-env";
import { readBody } from "../lib/body";
import { storageErrors, storageRejected, writeSeries } from "../../platform/metrics/write";

/** Decompressed WriteRequests above this are refused: keeps decode memory well inside an isolate. */
const MAX_DECOMPRESSED_BYTES = 32 * 1024 * 1024;

function text(status: number, message: string): Response {
  return new Response(message + "\n", { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

export async function handleRemoteWrite(c: Context<AppEnv>): Promise<Response> {
  const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-protobuf") {
    return text(415, `unsupported Content-Type '${type}': remote_write needs application/x-protobuf`);
  }
  const encoding = (c.req.header("content-encoding") ?? "snappy").trim().toLowerCase();
  if (encoding !== "snappy") return text(415, `unsupported Content-Encoding '${encoding}': remote_write needs snappy`);
  let batch;
  try {
    const body = await readBody(c.req.raw, LIMITS.maxBodyBytes, { passthroughEncodings: ["snappy"] });
    batch = decodeWriteRequest(unsnappy(body, MAX_DECOMPRESSED_BYTES));
  } catch (e) {
    if (e instanceof ApiError) return text(e.status, e.message);
    if (e instanceof RemoteWriteDecodeError) return text(e.message.includes("exceeds") ? 413 : 400, e.message);
    throw e;
  }
  const checked = validateSeries(batch.series, Date.now());
  const totals = await writeSeries(c.env, checked.series, batch.metadata);
  const errors = [...checked.errors, ...storageErrors(totals)];
  if (batch.histograms)
    errors.push(`${batch.histograms} native histogram samples dropped: native histograms are not supported`);
  const rejected = checked.rejected + storageRejected(totals) + batch.histograms;
  if (rejected > 0) return text(400, `${rejected} samples rejected, ${totals.accepted} accepted: ${errors.join("; ")}`);
  return c.body(null, 204);
}
