import type { Context } from "hono";
import { ApiError, type ErrorEnvelope } from "../core/contracts/errors";
import type { AppEnv } from "./env";
import { z } from "zod";

export { ApiError };

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

export function formatZodError(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}
