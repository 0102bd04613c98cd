// The shards as the engine's pushdown port: every fragment of a query goes to every shard in one RPC each,
// the partials come back within the budgets, and the Worker merges them (core/promql/pushdown/merge.ts).
// Partials are only exact when no series is split across objects: after a change of the shard count, a query
// whose samples reach back before the switch (plus the future grace of ingest) runs over merged raw series.
import { mergePartials, type Precomputed } from "../../core/promql/pushdown/merge";
import type { Partial } from "../../core/promql/pushdown/partial";
import type { PushdownPort } from "../../core/promql/pushdown/port";
import type { Fragment } from "../../core/promql/pushdown/spec";
import { pushdownSafe, readShardCount } from "../../core/shard-map/epochs";
import { LIMITS } from "../../core/tsdb/limits";
import type { Env } from "../env";
import { epochsOf } from "../shard-map/shard-map";
import { BUDGETS, fragmentLimits } from "./budgets";
import type { ShardReply } from "./shard-rpc";
import { shardStub } from "./shards";
import { QueryInputError, QueryLimitError } from "./source";

export function shardPushdown(env: Env, workerBytes = BUDGETS.workerQueryBytes): PushdownPort {
  return {
    // Fragments evaluate floats only: a window where any shard holds native histograms runs over raw series.
    async accepts(window) {
      const epochs = await epochsOf(env, "metrics");
      if (!pushdownSafe(epochs, window.start, LIMITS.creationGracePeriodMs)) return false;
      const n = readShardCount(epochs);
      const replies = (await Promise.all(
        Array.from({ length: n }, (_, i) => shardStub(env, i).holdsHistograms(window.start, window.end)),
      )) as ShardReply<boolean>[];
      return replies.every((r) => {
        if (r.error !== undefined) throw r.limit ? new QueryLimitError(r.error) : new QueryInputError(r.error);
        return !r.value;
      });
    },
    async run(fragments: Fragment[]): Promise<Precomputed[]> {
      const n = readShardCount(await epochsOf(env, "metrics"));
      const limits = fragmentLimits(n, workerBytes);
      const replies = (await Promise.all(
        Array.from({ length: n }, (_, i) => shardStub(env, i).evaluate(fragments, limits)),
      )) as ShardReply<Partial[]>[];
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
