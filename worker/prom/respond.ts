// Prometheus' response envelope and the HTTP status of each errorType.
import type { Context } from "hono";
import { PromQLError } from "../../core/promql/errors";
import { ApiError } from "../../core/contracts/errors";
import type { AppEnv } from "../app-env";
import type { AnnotationStrings } from "../../core/promql/annotations";
import type { QueryData } from "../../core/promql/engine";
import { pointsOf } from "../../core/promql/query-json";
import { QueryInputError, QueryLimitError } from "../../platform/metrics/source";

const STATUS: Record<string, number> = {
  bad_data: 400,
  execution: 422,
  canceled: 503,
  timeout: 503,
  internal: 500,
  not_found: 404,
  unavailable: 503,
};

export function promSuccess(c: Context<AppEnv>, data: unknown): Response {
  return c.json({ status: "success", data });
}

/** Points serialized between two yields to the event loop. */
const POINTS_PER_SLICE = 20_000;

/** A query's answer. A large matrix is streamed series by series, yielding between slices: one JSON.stringify
 * of hundreds of thousands of points would hold the isolate (workerd cannot interrupt it) and stall /api/health,
 * ingest and alarms behind it. The bytes are the same as c.json's. */
export function promQueryResult(c: Context<AppEnv>, data: QueryData, notes?: AnnotationStrings): Response {
  // After `data`, as Prometheus' Response struct orders them; each only when not empty (omitempty).
  const extra: { warnings?: string[]; infos?: string[] } = {};
  if (notes?.warnings.length) extra.warnings = notes.warnings;
  if (notes?.infos.length) extra.infos = notes.infos;
  if (data.resultType !== "matrix") return c.json({ status: "success", data, ...extra });
  let points = 0;
  for (const s of data.result) points += pointsOf(s);
  if (points <= POINTS_PER_SLICE) return c.json({ status: "success", data, ...extra });
  const tail = Object.keys(extra).length ? `,${JSON.stringify(extra).slice(1, -1)}` : "";
  const enc = new TextEncoder();
  const series = data.result;
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    start(ctl) {
      ctl.enqueue(enc.encode('{"status":"success","data":{"resultType":"matrix","result":['));
    },
    async pull(ctl) {
      if (i > 0) await new Promise<void>((resolve) => setTimeout(resolve, 0));
      const parts: string[] = [];
      let n = 0;
      while (i < series.length && n < POINTS_PER_SLICE) {
        parts.push((i > 0 ? "," : "") + JSON.stringify(series[i]));
        n += pointsOf(series[i]);
        i += 1;
      }
      ctl.enqueue(enc.encode(parts.join("")));
      if (i >= series.length) {
        ctl.enqueue(enc.encode(`]}${tail}}`));
        ctl.close();
      }
    },
  });
  c.header("content-type", "application/json");
  return c.body(body);
}

export function promError(c: Context<AppEnv>, errorType: string, error: string): Response {
  return c.json({ status: "error", errorType, error }, (STATUS[errorType] ?? 500) as 400);
}

/** Wrap a handler: PromQL and limit errors become Prometheus error envelopes; auth errors pass through. */
export function promHandler(h: (c: Context<AppEnv>) => Promise<Response>) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    try {
      return await h(c);
    } catch (e) {
      if (e instanceof PromQLError) return promError(c, e.errorType, e.message);
      if (e instanceof QueryLimitError) return promError(c, "execution", e.message);
      if (e instanceof QueryInputError) return promError(c, "bad_data", e.message);
      if (e instanceof ApiError) throw e;
      console.error(`[${c.get("requestId")}] prom api`, e);
      return promError(c, "internal", "internal error");
    }
  };
}
