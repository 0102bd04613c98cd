// Query string -> LogFilter for /api/logs and /api/logs/histogram.
import type { Context } from "hono";
import { z } from "zod";
import type { LogFilter } from "../../core/logs/contracts";
import { severityFromText, severityLevels } from "../../core/otlp/logs/types";
import { ParamError, parseWindow } from "../../core/traces/time-params";
import { matchersFrom, validating } from "./filter-params";

export const logQuerySchema = z.object({
  start: z.string().max(64).optional(),
  end: z.string().max(64).optional(),
  service: z.string().trim().min(1).max(256).optional(),
  severity: z.string().trim().max(16).optional(),
  q: z.string().max(512).optional(),
  text: z.string().max(512).optional(),
  traceId: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{32}$/, "traceId must be 32 hex characters")
    .optional(),
  spanId: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{16}$/, "spanId must be 16 hex characters")
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(512).optional(),
  step: z.string().max(32).optional(),
});

/** `error`, `warn`, ... or a SeverityNumber 1-24: the minimum level shown. */
export function minSeverityOf(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n < 0 || n > 24) throw new ParamError("severity number must be 0-24");
    return n;
  }
  const known = severityLevels[raw.toLowerCase() as keyof typeof severityLevels] ?? severityFromText(raw);
  if (!known) throw new ParamError(`unknown severity '${raw}' (trace, debug, info, warn, error, fatal or 1-24)`);
  return known;
}

export function logFilterFrom(c: Context): { base: Omit<LogFilter, "shard">; query: z.infer<typeof logQuerySchema> } {
  return validating(() => {
    const query = logQuerySchema.parse(c.req.query());
    // A trace's logs default to a wide window: the caller often knows only the trace id.
    const w = parseWindow(query.start, query.end, Date.now(), query.traceId ? 7 * 86_400_000 : 3_600_000);
    const text = query.text ?? query.q;
    return {
      query,
      base: {
        startUs: w.startMs * 1000,
        endUs: w.endMs * 1000,
        service: query.service,
        minSeverity: minSeverityOf(query.severity),
        text: text && text.trim() ? text.trim() : undefined,
        traceId: query.traceId,
        spanId: query.spanId,
        matchers: matchersFrom(c),
      },
    };
  });
}
