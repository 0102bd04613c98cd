// The shards as the engine's pushdown port: every fragment of a query goes to every object of one generation (or
// of the layout before generations) in one RPC each, the partials come back within the budgets, and the Worker
// merges them (core/promql/pushdown/merge.ts). Partials are only exact when no series is split across objects:
// after a change of the shard count, a query whose samples reach back before the switch (plus the future grace
// of ingest) runs over merged raw series; so does one whose window no single day's generation holds whole (a
// day's generation holds its own day and the previous day's last GENERATION_OVERLAP_MS).
import { mergeAcross } from "../../core/promql/pushdown/across";
import { FragmentBudgetError } from "../../core/promql/pushdown/evaluate";
import { mergePartials, type Precomputed } from "../../core/promql/pushdown/merge";
import type { Partial, StatePartial } from "../../core/promql/pushdown/partial";
import { type PushdownPort, PushdownRefused } from "../../core/promql/pushdown/port";
import { dataRange, type Fragment } from "../../core/promql/pushdown/spec";
import { type EpochList, pushdownSafe } from "../../core/shard-map/epochs";
import {
  DAY_MS,
  dayStartsIn,
  generationDays,
  generationHolding,
  oldestLiveDay,
  readCounts,
} from "../../core/shard-map/generations";
import { LIMITS } from "../../core/tsdb/limits";
import { config, type Env } from "../env";
import { epochsOf } from "../shard-map/shard-map";
import { BUDGETS, fragmentLimits } from "./budgets";
import { HISTOGRAMS_REFUSAL, type ShardReply } from "./shard-rpc";
import { metricGeneration, shardStub } from "./shards";
import { QueryInputError, QueryLimitError } from "./source";

/** Where fragments reading [start, end] may run: the day whose generations hold the whole window (the newest
 * epoch daily), `legacy` when only objects of the layout before generations were ever written, or null. */
function home(epochs: EpochList, start: number, end: number, retentionDays: number): number | "legacy" | null {
  if (!pushdownSafe(epochs, start, LIMITS.creationGracePeriodMs)) return null;
  if (!epochs[epochs.length - 1].daily) return "legacy";
  const day = generationHolding(start, end);
  // A window reaching into a day retention dropped: that day's samples are no longer read, its copy in the next
  // day's generation must not be either.
  if (day === null || start < oldestLiveDay(retentionDays, Date.now()) * DAY_MS) return null;
  return day;
}

export function shardPushdown(env: Env, workerBytes = BUDGETS.workerQueryBytes): PushdownPort {
  return {
    async accepts(window) {
      return home(await epochsOf(env, "metrics"), window.start, window.end, config(env).retentionDays) !== null;
    },
    async splitPoints(start, end) {
      const epochs = await epochsOf(env, "metrics");
      const out = readCounts(epochs).daily ? dayStartsIn(start, end) : [];
      const switchAt = epochs[epochs.length - 1].activeFrom + LIMITS.creationGracePeriodMs + 1;
      if (epochs.length > 1 && switchAt > start && switchAt <= end) out.push(switchAt);
      return out.sort((a, b) => a - b);
    },
    runAcross: (fragments) => runAcross(env, fragments, workerBytes),
    async run(fragments: Fragment[]): Promise<Precomputed[]> {
      const epochs = await epochsOf(env, "metrics");
      const { start, end } = fragmentsRange(fragments);
      const at = home(epochs, start, end, config(env).retentionDays);
      if (at === null) throw new PushdownRefused("the fragments' window spans storage partitions");
      const counts = readCounts(epochs);
      const n = at === "legacy" ? counts.legacy : counts.daily;
      const stub = (i: number) => (at === "legacy" ? shardStub(env, i) : metricGeneration(env, at, i));
      const limits = fragmentLimits(n, workerBytes);
      const replies = (await Promise.all(
        Array.from({ length: n }, (_, i) => stub(i).evaluate(fragments, limits)),
      )) as ShardReply<Partial[]>[];
      const perShard = unwrapReplies(replies);
      return fragments.map((f, i) =>
        mergePartials(
          f,
          perShard.map((parts) => parts[i]),
        ),
      );
    },
  };
}

/** The shards' answers, or the first error: native histograms refuse (the engine reads the query's selectors as
 * raw series instead), a limit is a 422 naming what to narrow. */
function unwrapReplies(replies: ShardReply<Partial[]>[]): Partial[][] {
  const refusal = replies.find((r) => r.error?.startsWith(HISTOGRAMS_REFUSAL));
  if (refusal?.error !== undefined) throw new PushdownRefused(refusal.error);
  return replies.map((r) => {
    if (r.error === undefined) return r.value;
    throw r.limit ? new QueryLimitError(r.error) : new QueryInputError(r.error);
  });
}

/** Fragments whose windows span day generations (`increase(x[24h])` at 01:00): every generation of the days the
 * fragments read answers per-series window states over its own day, merged oldest first (core/promql/pushdown/
 * across.ts). Refused like `run` when a shard map switch falls in the window or it reaches a dropped day. */
/** The samples a set of fragments reads, every selector's range, offset, @ and lookback included. */
function fragmentsRange(fragments: Fragment[]): { start: number; end: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const f of fragments) {
    const r = dataRange(f);
    start = Math.min(start, r.start);
    end = Math.max(end, r.end);
  }
  return { start, end };
}

async function runAcross(env: Env, fragments: Fragment[], workerBytes: number): Promise<Precomputed[]> {
  const epochs = await epochsOf(env, "metrics");
  const retention = config(env).retentionDays;
  const { start, end } = fragmentsRange(fragments);
  const now = Date.now();
  if (
    !pushdownSafe(epochs, start, LIMITS.creationGracePeriodMs) ||
    !epochs[epochs.length - 1].daily ||
    start < oldestLiveDay(retention, now) * DAY_MS
  )
    throw new PushdownRefused("the fragments' window spans a shard map switch or a dropped day");
  const n = readCounts(epochs).daily;
  const days = generationDays(start * 1000, (end + 1) * 1000, now, retention, LIMITS.creationGracePeriodMs);
  const limits = fragmentLimits(n * days.length, workerBytes);
  const replies = await Promise.all(
    days.flatMap((d) => {
      const part = { start: d * DAY_MS, end: (d + 1) * DAY_MS - 1 };
      const parted = fragments.map((f) => ({ ...f, part }));
      return Array.from({ length: n }, (_, i) => metricGeneration(env, d, i).evaluate(parted, limits));
    }),
  );
  // Over a byte budget, states are refused rather than answered 422: a window's states cost 72 B a step, so for
  // sparse series over many steps the raw samples may be the smaller read; the raw path keeps its own budget and
  // answers 422 naming what to narrow when it too is over.
  let perShard: Partial[][];
  try {
    perShard = unwrapReplies(replies as ShardReply<Partial[]>[]);
  } catch (e) {
    if (e instanceof QueryLimitError) throw new PushdownRefused(`window states over budget: ${e.message}`);
    throw e;
  }
  return fragments.map((f, i) => {
    const partitions = days.map((_, d) => perShard.slice(d * n, (d + 1) * n).map((p) => p[i] as StatePartial));
    try {
      return mergeAcross(f, partitions, workerBytes);
    } catch (e) {
      if (e instanceof FragmentBudgetError) throw new PushdownRefused(`window states over budget: ${e.message}`);
      throw e;
    }
  });
}
