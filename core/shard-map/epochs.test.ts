import { describe, expect, it } from "vitest";
import {
  ACTIVATION_LEAD_MS,
  type Epoch,
  homesOf,
  nextEpoch,
  pushdownSafe,
  readShardCount,
  reconcileWithEnv,
  writeEpoch,
} from "./epochs";

const e0: Epoch = { epoch: 0, shards: 4, activeFrom: 0, envShards: 4, source: "env" };
const e1: Epoch = { epoch: 1, shards: 8, activeFrom: 1_000_000, envShards: 4, source: "api" };

describe("shard map epochs", () => {
  it("writes to the newest epoch already active, reads every object any epoch routes to", () => {
    expect(writeEpoch([e0, e1], 999_999).epoch).toBe(0);
    expect(writeEpoch([e0, e1], 1_000_000).epoch).toBe(1);
    expect(readShardCount([e0, e1])).toBe(8);
    // Scaling in keeps the objects of the larger epoch read.
    expect(readShardCount([e1, { ...e0, epoch: 2, activeFrom: 2_000_000 }])).toBe(8);
  });

  it("lists a key's home under each epoch once", () => {
    expect(homesOf([e0, e1], (n) => 13 % n)).toEqual([1, 5]);
    expect(homesOf([e0, e1], (n) => 3 % n)).toEqual([3]);
  });

  it("allows pushdown only for windows after the newest switch plus the future grace", () => {
    expect(pushdownSafe([e0], 0, 600_000)).toBe(true);
    expect(pushdownSafe([e0, e1], 1_000_000 + 600_000, 600_000)).toBe(false);
    expect(pushdownSafe([e0, e1], 1_000_000 + 600_001, 600_000)).toBe(true);
    expect(pushdownSafe([e0, e1], 500_000, 600_000)).toBe(false);
  });

  it("starts with epoch 0 from the env, appends when the env's count changes, keeps an admin's epoch", () => {
    expect(reconcileWithEnv([], 4, 5)).toEqual({ kind: "create", epoch: e0 });
    expect(reconcileWithEnv([e0], 4, 5)).toEqual({ kind: "none" });
    const appended = reconcileWithEnv([e0], 6, 5);
    expect(appended).toEqual({
      kind: "append",
      epoch: { epoch: 1, shards: 6, activeFrom: 5 + ACTIVATION_LEAD_MS, envShards: 6, source: "env" },
    });
    // The admin set 8 while the env still says 4: not undone.
    expect(reconcileWithEnv([e0, e1], 4, 5)).toEqual({ kind: "none" });
    // The env catches up with the admin's count: noted, no new epoch.
    expect(reconcileWithEnv([e0, e1], 8, 5)).toEqual({ kind: "acknowledge", epoch: 1, envShards: 8 });
    // A later deploy with another count.
    expect(reconcileWithEnv([e0, e1], 16, 5)).toMatchObject({ kind: "append", epoch: { epoch: 2, shards: 16 } });
    // During a gradual deploy from 4 to 6 the old version still says 4: no epoch back to 4.
    const e2: Epoch = { epoch: 1, shards: 6, activeFrom: 10, envShards: 6, source: "env" };
    expect(reconcileWithEnv([e0, e2], 4, 20)).toEqual({ kind: "none" });
  });

  it("activates a new epoch after the lead time and after the newest", () => {
    expect(nextEpoch([e0], 8, 4, "api", 100).activeFrom).toBe(100 + ACTIVATION_LEAD_MS);
    expect(nextEpoch([e0, e1], 2, 4, "api", 0).activeFrom).toBe(1_000_001);
  });
});
