import type { Context } from "hono";
import type { z } from "zod";
import { ApiError } from "../../core/contracts/errors";
import { formatZodError } from "../errors";

const MAX_JSON_BYTES = 1024 * 1024;

/** Read and validate a JSON body: size-limited, parse errors and schema errors become clear 4xx. */
export async function jsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  maxBytes = MAX_JSON_BYTES,
): Promise<z.infer<S>> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxBytes)
    throw new ApiError("PAYLOAD_TOO_LARGE", `body is ${declared} bytes; the limit is ${maxBytes}`);
  const text = await c.req.text();
  if (text.length > maxBytes) throw new ApiError("PAYLOAD_TOO_LARGE", `body exceeds ${maxBytes} bytes`);
  let raw: unknown;
  try {
    raw = text.length ? JSON.parse(text) : {};
  } catch {
    throw new ApiError("BAD_REQUEST", "body is not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiError("VALIDATION", formatZodError(parsed.error), parsed.error.issues.slice(0, 20));
  return parsed.data;
}

export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw new ApiError("VALIDATION", formatZodError(parsed.error), parsed.error.issues.slice(0, 20));
  return parsed.data;
}
