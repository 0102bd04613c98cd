// A shard's share of a query: each fragment runs over this shard's matching series, one series at a time,
// and only its partial result is answered, within the query's byte budgets.
import { z } from "zod";
import type { LabelMatcher } from "../../core/promql/types";
import {
  evaluateFragment,
  FRAGMENT_SLICE_WORK,
  FragmentBudgetError,
  labelSortKey,
  mib,
} from "../../core/promql/pushdown/evaluate";
import { type Partial, partialBytes } from "../../core/promql/pushdown/partial";
import { dataRange, type Fragment, fragmentSchema, leafOf } from "../../core/promql/pushdown/spec";
import { LIMIT_ERROR_PREFIX, parseRpc } from "../../platform/metrics/shard-rpc";
import { describe, type MatchedSeries } from "./lookup";
import { type ColdSource, readSeries, type HeadView, SampleBuffers } from "./reader";

export const fragmentsSchema = z.array(fragmentSchema).min(1).max(32);
export const fragmentLimitsSchema = z.object({
  maxBytes: z.number().int().positive(),
  maxReplyBytes: z.number().int().positive(),
  maxSeries: z.number().int().positive(),
});

export interface FragmentStore {
  sql: SqlStorage;
  matched(matchers: LabelMatcher[], maxSeries: number): MatchedSeries[];
  headOf(id: number): HeadView | undefined;
  /** Whether histogram samples lie in [start, end]: fragments evaluate floats only, so those are refused. */
  holdsHistograms(start: number, end: number): boolean;
  /** The cold tier's blocks overlapping [start, end], read batch by batch. */
  cold(start: number, end: number): ColdSource;
}

const sortKeys = new WeakMap<MatchedSeries, string>();

function sortKey(s: MatchedSeries): string {
  let k = sortKeys.get(s);
  if (k === undefined) sortKeys.set(s, (k = labelSortKey(s.labels)));
  return k;
}

export async function runFragments(store: FragmentStore, input: unknown, limitsIn: unknown): Promise<Partial[]> {
  const fragments = parseRpc(fragmentsSchema, input, "fragments") as Fragment[];
  const limits = parseRpc(fragmentLimitsSchema, limitsIn, "fragment limits");
  const out: Partial[] = [];
  let replyBytes = 0;
  const buf = new SampleBuffers();
  for (const f of fragments) {
    const leaf = leafOf(f.expr);
    const series = [...store.matched(leaf.matchers, limits.maxSeries)].sort((a, b) =>
      sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0,
    );
    const r = dataRange(f);
    // The Worker asked first (PushdownPort.accepts); a histogram written since then must not be skipped silently.
    if (store.holdsHistograms(r.start, r.end))
      throw new Error(
        "native histograms arrived in the query's range while it was planned for floats only; run the query again",
      );
    let run: Awaited<ReturnType<typeof evaluateFragment>>;
    try {
      run = await evaluateFragment(
        f,
        readSeries(store.sql, series, r.start, r.end, (id) => store.headOf(id), buf, store.cold(r.start, r.end)),
        {
          maxBytes: limits.maxBytes,
          maxSeries: series.length,
          describe: () => `the selector ${describe(leaf.matchers)}`,
          yieldEvery: FRAGMENT_SLICE_WORK,
        },
      );
    } catch (e) {
      if (e instanceof FragmentBudgetError) throw new Error(`${LIMIT_ERROR_PREFIX} ${e.message}`);
      throw e;
    }
    replyBytes += partialBytes(run.partial);
    if (replyBytes > limits.maxReplyBytes)
      throw new Error(
        `${LIMIT_ERROR_PREFIX} the answer of one shard for ${describe(leaf.matchers)} would exceed ${mib(limits.maxReplyBytes)}: aggregate by fewer labels, narrow the matchers, shorten the time range or raise the step`,
      );
    out.push(run.partial);
  }
  return out;
}
