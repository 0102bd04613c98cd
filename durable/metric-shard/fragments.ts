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
import { decomposable, evaluateStates } from "../../core/promql/pushdown/across";
import { type Partial, partialBytes } from "../../core/promql/pushdown/partial";
import { dataRange, type Fragment, fragmentSchema, leafOf } from "../../core/promql/pushdown/spec";
import { HISTOGRAMS_REFUSAL, LIMIT_ERROR_PREFIX, parseRpc } from "../../platform/metrics/shard-rpc";
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
  /** Whether any of these series has histogram samples in [start, end]: fragments evaluate floats only. */
  holdsHistograms(ids: Iterable<number>, start: number, end: number): boolean;
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
    // Window states across generations: this generation's own day only (not the previous day's overlap copy).
    if (f.part) [r.start, r.end] = [Math.max(r.start, f.part.start), Math.min(r.end, f.part.end)];
    // Fragments evaluate floats only: the Worker then runs the query over raw series (PushdownRefused).
    if (
      store.holdsHistograms(
        series.map((s) => s.id),
        r.start,
        r.end,
      )
    )
      throw new Error(`${HISTOGRAMS_REFUSAL} under the selector ${describe(leaf.matchers)}`);
    let run: { partial: Partial };
    try {
      const read = () =>
        readSeries(store.sql, series, r.start, r.end, (id) => store.headOf(id), buf, store.cold(r.start, r.end));
      const opts = {
        maxBytes: limits.maxBytes,
        maxSeries: series.length,
        describe: () => `the selector ${describe(leaf.matchers)}`,
        yieldEvery: FRAGMENT_SLICE_WORK,
      };
      if (!f.part) run = await evaluateFragment(f, read(), opts);
      else if (!decomposable(f)) throw new Error("window states need a decomposable range function");
      else run = await evaluateStates(f, r.start <= r.end ? read() : [], opts);
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
