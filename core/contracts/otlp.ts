// The OTLP/HTTP export answers in their JSON encoding (opentelemetry-proto's Export*ServiceResponse): `{}` when
// everything was accepted, else a partialSuccess naming how many items were refused (an int64, so a string in
// proto3 JSON) and why. Strict: an OTel SDK reads exactly these fields.
import { z } from "zod";

const partial = <K extends string>(rejectedKey: K) =>
  z
    .object({
      partialSuccess: z
        .object({ [rejectedKey]: z.string().regex(/^\d+$/), errorMessage: z.string() } as Record<
          K | "errorMessage",
          z.ZodString
        >)
        .strict()
        .optional(),
    })
    .strict();

export const otlpMetricsResponseSchema = partial("rejectedDataPoints");
export const otlpTracesResponseSchema = partial("rejectedSpans");
export const otlpLogsResponseSchema = partial("rejectedLogRecords");
