import type { Context } from "hono";
import { ApiError, type ErrorEnvelope, formatZodError } from "../core/contracts/errors";
import type { AppEnv } from "./app-env";
import { z } from "zod";

export { ApiError, formatZodError };

export function renderError(err: unknown, c: Context<AppEnv>): Response {
  const requestId = c.get("requestId") ?? "unknown";
  if (err instanceof ApiError) {
    const body: ErrorEnvelope = { error: { code: err.code, message: err.message, requestId } };
    if (err.details !== undefined) body.error.details = err.details;
    return c.json(body, err.status as 400);
  }
  if (err instanceof z.ZodError) {
    const body: ErrorEnvelope = {
      error: { code: "VALIDATION", message: formatZodError(err), requestId, details: err.issues.slice(0, 20) },
    };
    return c.json(body, 400);
  }
  console.error(`[${requestId}] unhandled`, err);
  const body: ErrorEnvelope = { error: { code: "INTERNAL", message: "internal error", requestId } };
  return c.json(body, 500);
}
