// The shard map: for each signal, a list of epochs (shard count + activation time). Writes go to the epoch
// active at the time of the write; reads consult every live epoch, because adding shards moves no data.
// Pure decisions only: the stored rows live in D1 (platform/db/shard-epochs.ts).

export type Signal = "metrics" | "traces";
export const SIGNALS: readonly Signal[] = ["metrics", "traces"];

export interface Epoch {
  epoch: number;
  shards: number;
  /** Unix ms from which writes go to this epoch. Epoch 0 is active from 0 (it holds whatever came before). */
  activeFrom: number;
  /** The env's count (METRIC_SHARDS / TRACE_SHARDS) when this epoch was added: a deploy is seen as a change of it. */
  envShards: number;
  source: "env" | "api";
  /** Objects of this epoch are generations, one per UTC day (`traces-<day>-<i>`, `metrics-<day>-<i>`); else one
   * object per index for all time (`traces-<i>`, `shard-<i>`: the layout before generations). Epochs after the
   * first daily one stay daily. */
  daily?: boolean;
}

/** How long an isolate trusts its copy of the map. */
export const MAP_CACHE_MS = 5_000;
/** A new epoch activates this far ahead, so every isolate's cached map knows it before any write goes to it:
 * reads never miss the objects of an epoch that has started taking writes. */
export const ACTIVATION_LEAD_MS = MAP_CACHE_MS + 1_000;

/** Epochs in order; a signal always has at least epoch 0. */
export type EpochList = readonly Epoch[];

/** The epoch a write at `now` goes to: the newest one already active. */
export function writeEpoch(epochs: EpochList, now: number): Epoch {
  let out = epochs[0];
  for (const e of epochs) if (e.activeFrom <= now) out = e;
  return out;
}

/** The objects reads consult: every index below the largest count of any epoch (objects keep their names
 * `shard-<i>` / `traces-<i>` across epochs, so the union of each epoch's objects is a prefix). */
export function readShardCount(epochs: EpochList): number {
  return Math.max(...epochs.map((e) => e.shards));
}

/** The objects that may hold a key routed by `index(count)` under some epoch, without repeats. */
export function homesOf(epochs: EpochList, index: (shards: number) => number): number[] {
  return [...new Set(epochs.map((e) => index(e.shards)))];
}

/**
 * Whether a query reading samples from `dataStart` on may be evaluated shard by shard (pushdown): only when no
 * series can be split across objects inside its window. Samples of a series written before the newest epoch's
 * activation stay in the old object, and they may be dated up to `futureGraceMs` after it (ingest accepts
 * samples that far in the future); so the window must start after the activation plus that grace.
 */
export function pushdownSafe(epochs: EpochList, dataStart: number, futureGraceMs: number): boolean {
  if (epochs.length === 1) return true;
  return dataStart > epochs[epochs.length - 1].activeFrom + futureGraceMs;
}

export type Reconcile =
  | { kind: "none" }
  | { kind: "create"; epoch: Epoch }
  | { kind: "append"; epoch: Epoch }
  | { kind: "acknowledge"; epoch: number; envShards: number };

/**
 * What the stored map needs after a deploy whose env says `envShards`. Nothing stored: epoch 0 with the env's
 * count. The env changed since the newest epoch was added: a new epoch with the env's count (or, when an admin
 * already set that count through the API, only a note that the env caught up). An epoch added through the API
 * is not undone by an env that still says the old count: the env is a declaration, compared with what it said.
 * A count some older epoch's env declared is an old version still running during a gradual deploy, not a new
 * declaration: it changes nothing (else old and new versions would append epochs in turn while both serve).
 */
export function reconcileWithEnv(epochs: EpochList, envShards: number, now: number): Reconcile {
  if (epochs.length === 0)
    return { kind: "create", epoch: { epoch: 0, shards: envShards, activeFrom: 0, envShards, source: "env" } };
  const newest = epochs[epochs.length - 1];
  if (epochs.some((e) => e.envShards === envShards)) return { kind: "none" };
  if (newest.shards === envShards) return { kind: "acknowledge", epoch: newest.epoch, envShards };
  return { kind: "append", epoch: nextEpoch(epochs, envShards, envShards, "env", now) };
}

/** The epoch that would follow the newest, with `shards`, active after the lead time. */
export function nextEpoch(
  epochs: EpochList,
  shards: number,
  envShards: number,
  source: Epoch["source"],
  now: number,
): Epoch {
  const newest = epochs[epochs.length - 1];
  return {
    epoch: newest.epoch + 1,
    shards,
    activeFrom: Math.max(now + ACTIVATION_LEAD_MS, newest.activeFrom + 1),
    envShards,
    source,
    ...(newest.daily ? { daily: true } : {}),
  };
}
