// Logs search and histogram across the shards of a window.
import { z } from "zod";
import {
  compareLogKeys,
  logCursorSchema,
  type LogCursor,
  type LogFilter,
  type LogLine,
} from "../../core/logs/contracts";
import { chooseStepUs, mergeHistograms, newHistogram } from "../../core/logs/histogram";
import { severityFromText, severityLevels } from "../../core/otlp/logs/types";
import { decodeCursor, encodeCursor, parseDurationUs, parseWindow, ParamError } from "../../core/traces/time-params";
import type { Context } from "hono";
import type { Env } from "../env";
import { matchersFrom, validating } from "../traces/filter-params";
import { logShard, logShardsFor } from "./shards";

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

/** Each shard is asked for one row more than the page, so a next page is announced only when one exists. */
export async function searchLogs(env: Env, base: Omit<LogFilter, "shard">, limit: number, cursorRaw?: string) {
  const cursor: LogCursor | undefined = cursorRaw
    ? validating(() => logCursorSchema.parse(decodeCursor(cursorRaw)))
    : undefined;
  const names = logShardsFor(env, base.startUs, base.endUs, base.service);
  const parts = await Promise.all(
    names.map((shard) => logShard(env, shard).search({ ...base, shard, limit: limit + 1, cursor })),
  );
  const keyed = parts.flatMap((p) => p.lines.map((l) => ({ l, k: keyOf(l) })));
  keyed.sort((a, b) => compareLogKeys(a.k, b.k));
  const page = keyed.slice(0, limit);
  const last = page.at(-1);
  return {
    logs: page.map((x) => x.l) as LogLine[],
    nextCursor: keyed.length > limit && last ? encodeCursor(last.k) : null,
    scanned: parts.reduce((n, p) => n + p.scanned, 0),
    truncated: parts.some((p) => p.truncated),
  };
}

function keyOf(l: LogLine): LogCursor {
  const i = l.id.lastIndexOf(":");
  return { t: l.timeUs, shard: l.id.slice(0, i), id: Number(l.id.slice(i + 1)) };
}

export async function logHistogram(env: Env, base: Omit<LogFilter, "shard">, stepRaw?: string) {
  const windowUs = base.endUs - base.startUs;
  const stepUs = stepRaw ? validating(() => parseDurationUs(stepRaw, "step")) : chooseStepUs(windowUs);
  const buckets = Math.ceil(windowUs / stepUs);
  if (stepUs <= 0 || buckets > 2000)
    throw validating(() => new ParamError(`step gives ${buckets} buckets; at most 2000`));
  const names = logShardsFor(env, base.startUs, base.endUs, base.service);
  const parts = await Promise.all(
    names.map((shard) => logShard(env, shard).histogram({ ...base, shard, stepUs, buckets })),
  );
  const h = newHistogram(base.startUs, stepUs, buckets);
  for (const p of parts) mergeHistograms(h, p.histogram);
  return {
    startUs: h.startUs,
    stepUs,
    buckets: Array.from({ length: buckets }, (_, i) => h.startUs + i * stepUs),
    counts: h.counts,
    truncated: parts.some((p) => p.truncated),
  };
}
