// The shards as the engine's pushdown port: every fragment of a query goes to every shard in one RPC each,
// the partials come back within the budgets, and the Worker merges them (core/promql/pushdown/merge.ts).
// Partials are only exact when no series is split across objects: after a change of the shard count, a query
// whose samples reach back before the switch (plus the future grace of ingest) runs over merged raw series.
import { mergePartials, type Precomputed } from "../../core/promql/pushdown/merge";
import type { Partial } from "../../core/promql/pushdown/partial";
import { type PushdownPort, PushdownRefused } from "../../core/promql/pushdown/port";
import type { Fragment } from "../../core/promql/pushdown/spec";
import { pushdownSafe, readShardCount } from "../../core/shard-map/epochs";
import { LIMITS } from "../../core/tsdb/limits";
import type { Env } from "../env";
import { epochsOf } from "../shard-map/shard-map";
import { BUDGETS, fragmentLimits } from "./budgets";
import { HISTOGRAMS_REFUSAL, type ShardReply } from "./shard-rpc";
import { shardStub } from "./shards";
import { QueryInputError, QueryLimitError } from "./source";

export function shardPushdown(env: Env, workerBytes = BUDGETS.workerQueryBytes): PushdownPort {
  return {
    async accepts(window) {
      return pushdownSafe(await epochsOf(env, "metrics"), window.start, LIMITS.creationGracePeriodMs);
    },
    async run(fragments: Fragment[]): Promise<Precomputed[]> {
      const n = readShardCount(await epochsOf(env, "metrics"));
      const limits = fragmentLimits(n, workerBytes);
      const replies = (await Promise.all(
        Array.from({ length: n }, (_, i) => shardStub(env, i).evaluate(fragments, limits)),
      )) as ShardReply<Partial[]>[];
      // A fragment over native histograms: the engine reads the query's selectors as raw series instead.
      const refusal = replies.find((r) => r.error?.startsWith(HISTOGRAMS_REFUSAL));
      if (refusal?.error !== undefined) throw new PushdownRefused(refusal.error);
      const perShard = replies.map((r) => {
        if (r.error === undefined) return r.value;
        throw r.limit ? new QueryLimitError(r.error) : new QueryInputError(r.error);
      });
      return fragments.map((f, i) =>
        mergePartials(
          f,
          perShard.map((parts) => parts[i]),
        ),
      );
    },
  };
}
