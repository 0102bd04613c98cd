// Prometheus' response envelope and the HTTP status of each errorType.
import type { Context } from "hono";
import { PromQLError } from "../../core/promql/errors";
import { ApiError } from "../../core/contracts/errors";
import type { AppEnv } from "../app-env";
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
