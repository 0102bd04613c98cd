import { describe, expect, it } from "vitest";
import { parsePromQL } from "../parse";
import { evaluateFragment, type ShardSeries } from "./evaluate";
import { planPushdown } from "./plan";

const grid = { start: 0, end: 3_600_000, step: 15_000 };
const opts = { lookbackMs: 300_000, leftOpen: false, subqueryStepMs: 60_000, start: 0, end: 3_600_000, instant: false };

/** 400 counters, one sample every 15 s over the hour (241 samples each), in label order. */
function counters(): ShardSeries[] {
  const out: ShardSeries[] = [];
  for (let i = 0; i < 400; i++) {
    const ts = new Float64Array(241);
    const vs = new Float64Array(241);
    for (let j = 0; j < 241; j++) {
      ts[j] = j * 15_000;
      vs[j] = j * (i + 1);
    }
    out.push({ labels: { __name__: "x", pod: `p${String(i).padStart(3, "0")}` }, ts, vs, n: 241 });
  }
  return out;
}

async function run(yieldEvery?: number) {
  const [planned] = planPushdown(parsePromQL("sum(rate(x[5m]))"), grid, opts);
  let timerFiredFirst = false;
  let done = false;
  setTimeout(() => {
    timerFiredFirst = !done;
  }, 0);
  const r = await evaluateFragment(planned.fragment, counters(), {
    maxBytes: 1 << 30,
    maxSeries: 400,
    describe: () => "x",
    yieldEvery,
  });
  done = true;
  await new Promise((resolve) => setTimeout(resolve, 0));
  return { r, timerFiredFirst };
}

describe("evaluateFragment", () => {
  it("with yieldEvery, lets a timer run in the middle of a long fragment, and answers the same", async () => {
    // 400 series × (241 samples + 241 steps) ≈ 193k units: a slice of 20k yields about nine times.
    const sliced = await run(20_000);
    const whole = await run(undefined);
    expect(sliced.timerFiredFirst).toBe(true);
    expect(whole.timerFiredFirst).toBe(false);
    expect(sliced.r.series).toBe(400);
    expect(sliced.r.samples).toBe(400 * 241);
    expect(sliced.r.partial).toEqual(whole.r.partial);
  });
});
