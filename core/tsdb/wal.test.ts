import fc from "fast-check";
import { expect, it } from "vitest";
import {
  checkpointDue,
  WAL_BYTES_PER_DIRTY_HEAD,
  WAL_CHECKPOINT_BYTES,
  WAL_MAX_BYTES,
  WalWriter,
  walSamples,
} from "./wal";

it("round-trips WAL records bit for bit", () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          id: fc.nat(2 ** 32 - 1),
          t: fc.integer({ min: -1e13, max: 1e13 }),
          hi: fc.nat(2 ** 32 - 1),
          lo: fc.nat(2 ** 32 - 1),
        }),
        { maxLength: 600 },
      ),
      (recs) => {
        const w = new WalWriter();
        for (const r of recs) w.add(r.id, r.t, r.hi, r.lo);
        expect([...walSamples(w.bytes())]).toEqual(recs);
      },
    ),
  );
});

it("checkpoints at 4 MiB for few series, later with more dirty heads, and always at the cap", () => {
  // Few series: the fixed threshold, as before.
  expect(checkpointDue(WAL_CHECKPOINT_BYTES - 1, 10)).toBe(false);
  expect(checkpointDue(WAL_CHECKPOINT_BYTES, 10)).toBe(true);
  // 25,000 dirty heads (100,000 series over 4 shards): 64 logged samples per head rewrite, not 8.
  const heads = 25_000;
  expect(checkpointDue(WAL_CHECKPOINT_BYTES, heads)).toBe(false);
  expect(checkpointDue(heads * WAL_BYTES_PER_DIRTY_HEAD - 1, heads)).toBe(false);
  expect(checkpointDue(heads * WAL_BYTES_PER_DIRTY_HEAD, heads)).toBe(true);
  expect(WAL_BYTES_PER_DIRTY_HEAD / 20).toBe(64);
  // However many heads, the WAL (and the replay after a restart) stays bounded.
  expect(checkpointDue(WAL_MAX_BYTES - 1, 1_000_000)).toBe(false);
  expect(checkpointDue(WAL_MAX_BYTES, 1_000_000)).toBe(true);
});
