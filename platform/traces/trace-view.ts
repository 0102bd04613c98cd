// Trace by id: the spans plus everything the trace page draws, computed by pure core code.
import { ApiError } from "../../core/contracts/errors";
import type { SpanRecord } from "../../core/otlp/traces/types";
import { criticalPath, criticalTimeBySpan } from "../../core/traces/critical-path";
import { buildFlameTree } from "../../core/traces/flame-tree";
import { groupLeafErrors, leafErrors } from "../../core/traces/leaf-errors";
import type { Env } from "../env";
import { mergeTraceParts } from "../../core/shard-map/merge-traces";
import { traceHomeGroups } from "./shards";

/** Days of generations read per round trip when looking a trace up by id. */
const DAYS_PER_ROUND = 4;

/**
 * A trace's spans from its home under every epoch of the shard map (spans that arrived on both sides of a change
 * of TRACE_SHARDS), in the old layout and in each day's generation kept. Days are read newest first, a few per
 * round trip; once the trace is found, the walk goes on through older days while they still hold some of it (a
 * trace across midnight) and stops at the first day that holds none.
 */
async function traceParts(env: Env, id: string) {
  const { legacy, days } = await traceHomeGroups(env, id);
  const get = (homes: typeof legacy) => Promise.all(homes.map((s) => s.getTrace(id)));
  const legacyParts = get(legacy);
  const parts: Awaited<ReturnType<typeof get>> = [];
  let found = false;
  for (let k = 0; k < days.length; k += DAYS_PER_ROUND) {
    const round = await Promise.all(days.slice(k, k + DAYS_PER_ROUND).map((d) => get(d.homes)));
    let ended = false;
    for (const dayParts of round) {
      const has = dayParts.some((p) => p.spans.length > 0);
      if (found && !has) {
        ended = true;
        break;
      }
      found ||= has;
      parts.push(...dayParts);
    }
    if (ended) break;
  }
  return [...(await legacyParts), ...parts];
}

export async function loadTrace(env: Env, traceId: string): Promise<{ spans: SpanRecord[]; truncated: boolean }> {
  const id = traceId.toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id))
    throw new ApiError("VALIDATION", `trace id '${traceId.slice(0, 64)}' must be 32 hex characters`);
  const res = mergeTraceParts(await traceParts(env, id));
  if (!res.spans.length) throw new ApiError("NOT_FOUND", `trace ${id} not found`);
  return res;
}

export function traceView(traceId: string, spans: SpanRecord[], truncated: boolean) {
  const tree = buildFlameTree(spans);
  const path = criticalPath(tree.root);
  const leaves = leafErrors(spans);
  return {
    traceId,
    startUs: tree.root.startUs,
    endUs: tree.root.endUs,
    durationUs: tree.root.endUs - tree.root.startUs,
    spanCount: spans.length,
    errorCount: spans.filter((s) => s.statusCode === 2).length,
    services: [...new Set(spans.map((s) => s.service))].sort(),
    truncated,
    spans,
    tree: tree.root,
    orphans: tree.orphans,
    syntheticRoot: tree.syntheticRoot,
    criticalPath: path,
    criticalTimeBySpan: criticalTimeBySpan(path),
    leafErrors: leaves.map((s) => ({
      spanId: s.spanId,
      service: s.service,
      operation: s.name,
      statusMessage: s.statusMessage,
    })),
    leafErrorGroups: groupLeafErrors(spans),
    links: { logs: `/api/logs?traceId=${traceId}` },
  };
}
