// Query memory budgets in bytes, for each shard and for the Worker. A production isolate has 128 MB for
// everything it runs, so one query's working set stays well inside that; every RPC answer stays well under
// the 32 MiB limit on one serialized value.
const MiB = 1024 * 1024;

export const BUDGETS = {
  /** Working state of one query's fragments in one shard (partials and one series' samples at a time). */
  shardQueryBytes: 48 * MiB,
  /** One shard's answer to one query (what crosses RPC). */
  shardReplyBytes: 16 * MiB,
  /** One query in the Worker: merged results, raw series loaded, output points. */
  workerQueryBytes: 64 * MiB,
  /** One page of raw samples over RPC. */
  rawPageBytes: 8 * MiB,
};

export interface FragmentLimits {
  maxBytes: number;
  maxReplyBytes: number;
  maxSeries: number;
}

/** Each shard's share of the Worker budget: the answers of all shards together must fit in it. */
export function fragmentLimits(shards: number, workerBytes = BUDGETS.workerQueryBytes): FragmentLimits {
  return {
    maxBytes: BUDGETS.shardQueryBytes,
    maxReplyBytes: Math.max(MiB, Math.min(BUDGETS.shardReplyBytes, Math.floor(workerBytes / shards))),
    maxSeries: 1_000_000,
  };
}
