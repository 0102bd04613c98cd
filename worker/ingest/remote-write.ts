// POST /api/v1/write: Prometheus remote_write 1.0 and 2.0, negotiated by Content-Type (`proto=`). Answers as
// the specs ask: 204 with an empty body, 400 with a text reason for invalid samples (valid ones are kept and
// not retried), 413 past the size limit, 415 for an unsupported message or encoding. 2.0 answers always carry
// the X-Prometheus-Remote-Write-{Samples,Histograms,Exemplars}-Written headers, errors included.
import type { Context } from "hono";
import { ApiError } from "../../core/contracts/errors";
import { remoteWriteMessage, UnsupportedMediaType, V2 } from "../../core/remote-write/content-type";
import { decodeWriteRequest, unsnappy } from "../../core/remote-write/decode";
import { decodeWriteRequestV2 } from "../../core/remote-write/decode-v2";
import { RemoteWriteDecodeError, type WriteBatch } from "../../core/remote-write/types";
import type { HistogramBatch } from "../../core/remote-write/histogram";
import type { SeriesExemplars } from "../../core/exemplars/model";
import { LIMITS } from "../../core/tsdb/limits";
import { validateSeries } from "../../core/tsdb/validate";
import { writeExemplars } from "../../platform/exemplars/client";
import { storageErrors, storageRejected, writeHistograms, writeSeries } from "../../platform/metrics/write";
import { validateHistograms } from "../../core/tsdb/validate";
import type { AppEnv } from "../app-env";
import { readBody } from "../lib/body";

/** Decompressed WriteRequests above this are refused: keeps decode memory well inside an isolate. */
const MAX_DECOMPRESSED_BYTES = 32 * 1024 * 1024;

type Decoded = WriteBatch & HistogramBatch & { exemplars: SeriesExemplars[] };

function text(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(message + "\n", { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });
}

function written(samples: number, histograms = 0, exemplars = 0): Record<string, string> {
  return {
    "X-Prometheus-Remote-Write-Samples-Written": String(samples),
    "X-Prometheus-Remote-Write-Histograms-Written": String(histograms),
    "X-Prometheus-Remote-Write-Exemplars-Written": String(exemplars),
  };
}

export async function handleRemoteWrite(c: Context<AppEnv>): Promise<Response> {
  let message;
  try {
    message = remoteWriteMessage(c.req.header("content-type"));
  } catch (e) {
    if (e instanceof UnsupportedMediaType) return text(415, e.message);
    throw e;
  }
  const v2 = message === V2;
  const none = v2 ? written(0) : {};
  const encoding = (c.req.header("content-encoding") ?? "snappy").trim().toLowerCase();
  if (encoding !== "snappy")
    return text(415, `unsupported Content-Encoding '${encoding}': remote_write needs snappy`, none);
  let batch: Decoded;
  try {
    const body = await readBody(c.req.raw, LIMITS.maxBodyBytes, { passthroughEncodings: ["snappy"] });
    const raw = unsnappy(body, MAX_DECOMPRESSED_BYTES);
    batch = v2 ? decodeWriteRequestV2(raw) : decodeWriteRequest(raw);
  } catch (e) {
    if (e instanceof ApiError) return text(e.status, e.message, none);
    if (e instanceof RemoteWriteDecodeError) return text(e.message.includes("exceeds") ? 413 : 400, e.message, none);
    throw e;
  }
  const now = Date.now();
  const checked = validateSeries(batch.series, now);
  const hChecked = validateHistograms(batch.histogramSeries, now);
  const [totals, hTotals] = await Promise.all([
    writeSeries(c.env, checked.series, batch.metadata),
    writeHistograms(c.env, hChecked.series),
  ]);
  const errors = [
    ...checked.errors,
    ...batch.histogramErrors,
    ...hChecked.errors,
    ...storageErrors(totals),
    ...storageErrors(hTotals),
  ];
  const rejected =
    checked.rejected + storageRejected(totals) + batch.histogramsInvalid + hChecked.rejected + storageRejected(hTotals);
  // Like Prometheus, an exemplar that cannot be kept (out of order, too many label runes) never fails the write:
  // 2.0 reports the kept count in Exemplars-Written; the reasons go to the log.
  const ex = await writeExemplars(c.env, batch.exemplars);
  if (ex.outOfOrder + ex.invalid > 0)
    console.warn(
      `remote_write: ${ex.outOfOrder} out-of-order and ${ex.invalid} invalid exemplars not kept${ex.errors.length ? `: ${ex.errors.join("; ")}` : ""}`,
    );
  const headers = v2 ? written(totals.accepted, hTotals.accepted, ex.written) : {};
  if (rejected > 0)
    return text(
      400,
      `${rejected} samples rejected, ${totals.accepted + hTotals.accepted} accepted: ${errors.join("; ")}`,
      headers,
    );
  return c.body(null, 204, headers);
}
