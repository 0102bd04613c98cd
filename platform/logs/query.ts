// Logs search and histogram across the shards of a window.
import {
  compareLogKeys,
  logCursorSchema,
  type LogCursor,
  type LogFilter,
  type LogLine,
} from "../../core/logs/contracts";
import { chooseStepUs, mergeHistograms, newHistogram } from "../../core/logs/histogram";
import { decodeCursor, encodeCursor, parseDurationUs, ParamError } from "../../core/traces/time-params";
import type { Env } from "../env";
import { validating } from "../lib/validating";
import { logShard, logShardsFor } from "./shards";

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
