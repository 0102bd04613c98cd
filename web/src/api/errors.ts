// Map Vigil's `{ error: { code, message, requestId } }` envelope (and Prometheus' `{status:"error"}`)
// to one readable error the UI can show with a hint of what to do.
import { z } from "zod";

export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

const vigilEnvelope = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.string().optional() }),
});
const promEnvelope = z.object({ status: z.literal("error"), errorType: z.string().optional(), error: z.string() });

export function toApiError(status: number, body: unknown, fallback: string): ApiRequestError {
  const v = vigilEnvelope.safeParse(body);
  if (v.success) return new ApiRequestError(v.data.error.message, status, v.data.error.code, v.data.error.requestId);
  const p = promEnvelope.safeParse(body);
  if (p.success) return new ApiRequestError(p.data.error, status, p.data.errorType ?? "error");
  return new ApiRequestError(fallback || `HTTP ${status}`, status, status === 404 ? "NOT_FOUND" : "HTTP_" + status);
}

/** What the user can do about an error, in one sentence. */
export function errorHint(e: unknown): string {
  if (!(e instanceof ApiRequestError)) return "Check your network connection and try again.";
  switch (e.code) {
    case "UNAUTHENTICATED":
      return "Your token is missing or was revoked: sign in again.";
    case "FORBIDDEN":
      return "Your token lacks the scope for this; ask an admin for a token with more scopes.";
    case "NOT_FOUND":
      return e.message.startsWith("no route")
        ? "This server does not offer this feature yet."
        : "It may have been deleted; go back to the list.";
    case "VALIDATION":
    case "BAD_REQUEST":
    case "bad_data":
      return "Fix the input and try again.";
    case "HISTOGRAMS":
      return "Open the query in the Metrics explorer: it draws native histograms as a heatmap.";
    case "RATE_LIMITED":
      return "Too many requests: wait a few seconds and retry.";
    default:
      return e.status >= 500
        ? "The server had a problem; retry, and quote the request id if it persists."
        : "Try again.";
  }
}
