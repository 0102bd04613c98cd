// A store whose series are split across two shard objects (as after 4 -> 8): the engine over the merged raw
// series answers what one store answers; pushdown over the split objects does not, which is why the port may
// refuse it (PushdownPort.accepts) for windows that reach back before a switch, and name the switch
// (PushdownPort.splitPoints) so a range query keeps pushdown on each side of it.
import { describe, expect, it } from "vitest";
import { createEngine } from "../promql/engine";
import { MemorySource } from "../promql/memory-source";
import type { PushdownPort } from "../promql/pushdown/port";
import { memoryShardsPort } from "../promql/pushdown/memory-shards";
import type { LabelMatcher, SelectHints, SeriesSource } from "../promql/types";
import { mergeSplitSeries } from "./merge-series";

const STEP = 15_000;
const labels = (i: number) => ({ __name__: "x_total", svc: `s${i % 3}`, pod: `p${i}` });

function stores() {
  const whole = new MemorySource();
  const before = new MemorySource();
  const after = new MemorySource();
  for (let i = 0; i < 12; i++) {
    const ts = Array.from({ length: 80 }, (_, k) => k * STEP);
    const vs = Float64Array.from(ts, (_, k) => k * (i + 1));
    whole.add(labels(i), ts, vs);
    // Every other series moves home at sample 40.
    const cut = i % 2 ? 40 : 80;
    before.add(labels(i), ts.slice(0, cut), vs.slice(0, cut));
    if (cut < 80) after.add(labels(i), ts.slice(cut), vs.slice(cut));
  }
  const merged: SeriesSource = {
    async select(ms: LabelMatcher[], hints: SelectHints) {
      return mergeSplitSeries([...(await before.select(ms, hints)), ...(await after.select(ms, hints))]);
    },
  };
  return { whole, before, after, merged };
}

const QUERIES = ["sum by (svc) (rate(x_total[2m]))", "count(x_total)", "max(x_total)", "x_total"];

describe("a store split by a change of the shard count", () => {
  it("answers from merged raw series as one store does, and the port can refuse pushdown", async () => {
    const { whole, before, after, merged } = stores();
    const reference = createEngine(whole);
    const windows: { start: number; end: number }[] = [];
    const refusing: PushdownPort = {
      ...memoryShardsPort([before, after]),
      async accepts(w) {
        windows.push(w);
        return false;
      },
    };
    const split = createEngine(merged, { pushdown: refusing });
    for (const q of QUERIES)
      expect(await split.rangeQuery(q, 60_000, 79 * STEP, 30_000), q).toEqual(
        await reference.rangeQuery(q, 60_000, 79 * STEP, 30_000),
      );
    // The port is asked about the whole window the selectors read: range and lookback included.
    expect(windows[0]).toEqual({ start: 60_000 - 120_000, end: 79 * STEP });
  });

  it("gives wrong partials when pushed down over split series (what the refusal prevents)", async () => {
    const { whole, before, after, merged } = stores();
    const pushed = createEngine(merged, { pushdown: memoryShardsPort([before, after]) });
    const q = "sum by (svc) (rate(x_total[2m]))";
    expect(await pushed.rangeQuery(q, 60_000, 79 * STEP, 30_000)).not.toEqual(
      await createEngine(whole).rangeQuery(q, 60_000, 79 * STEP, 30_000),
    );
  });

  it("keeps pushdown on both sides of the switch when the port names it, the steps reaching across it raw", async () => {
    const { whole, before, after, merged } = stores();
    const CUT = 40 * STEP;
    const inner = memoryShardsPort([before, after]);
    const grids: { start: number; end: number }[] = [];
    const port: PushdownPort = {
      async run(fragments) {
        for (const f of fragments) grids.push({ start: f.grid.start, end: f.grid.end });
        return inner.run(fragments);
      },
      // Each series lives in one object on each side of the switch; a window across it may see a split one.
      async accepts(w) {
        return w.end < CUT || w.start >= CUT;
      },
      async splitPoints(start, end) {
        return start < CUT && CUT <= end ? [CUT] : [];
      },
    };
    const split = createEngine(merged, { pushdown: port });
    const reference = createEngine(whole);
    for (const q of QUERIES) {
      grids.length = 0;
      expect(await split.rangeQuery(q, 60_000, 79 * STEP, 30_000), q).toEqual(
        await reference.rangeQuery(q, 60_000, 79 * STEP, 30_000),
      );
      // Before the switch pushed down whole; after it, from the first step whose window starts after it.
      const back = q.includes("[2m]") ? 120_000 : 300_000;
      expect(grids[0], q).toEqual({ start: 60_000, end: CUT - 30_000 });
      expect(grids.at(-1), q).toEqual({ start: CUT + back, end: 1_170_000 });
    }
  });
});
