// Trace by id: the spans plus everything the trace page draws, computed by pure core code.
import { ApiError } from "../../core/contracts/errors";
import type { SpanRecord } from "../../core/otlp/traces/types";
import { criticalPath, criticalTimeBySpan } from "../../core/traces/critical-path";
import { buildFlameTree } from "../../core/traces/flame-tree";
import { groupLeafErrors, leafErrors } from "../../core/traces/leaf-errors";
import type { Env } from "../env";
import { mergeTraceParts } from "../../core/shard-map/merge-traces";
import { traceHomes } from "./shards";

export async function loadTrace(env: Env, traceId: string): Promise<{ spans: SpanRecord[]; truncated: boolean }> {
  const id = traceId.toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id))
    throw new ApiError("VALIDATION", `trace id '${traceId.slice(0, 64)}' must be 32 hex characters`);
  // Its home under every epoch of the shard map: spans that arrived on both sides of a change of TRACE_SHARDS.
  const res = mergeTraceParts(await Promise.all((await traceHomes(env, id)).map((s) => s.getTrace(id))));
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
