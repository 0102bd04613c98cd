// Map query-layer failures onto Vigil's error envelope.
import { ApiError } from "../../core/contracts/errors";
import { PromQLError } from "../../core/promql/errors";
import { WindowError } from "../../core/ddx/windows";
import { QueryLimitError } from "../metrics/source";

export function asApiError(e: unknown): unknown {
  if (e instanceof WindowError) return new ApiError("VALIDATION", e.message);
  if (e instanceof QueryLimitError) return new ApiError("LIMIT_EXCEEDED", e.message);
  if (e instanceof PromQLError) {
    if (e.errorType === "bad_data") return new ApiError("VALIDATION", `query: ${e.message}`);
    if (e.errorType === "execution") return new ApiError("LIMIT_EXCEEDED", e.message);
    if (e.errorType === "timeout" || e.errorType === "canceled") return new ApiError("UNAVAILABLE", e.message);
  }
  return e;
}
