import { describe, expect, it } from "vitest";
import { createEngine } from "./engine";
import { QueryBudget } from "./budget";
import { PromQLError } from "./errors";
import { MemorySource } from "./memory-source";

const T0 = 1_700_000_000_000;

function source(series: number, points: number): MemorySource {
  const src = new MemorySource();
  const ts = Array.from({ length: points }, (_, i) => T0 + i * 15_000);
  for (let s = 0; s < series; s++)
    src.add(
      { __name__: "x", i: String(s) },
      ts,
      Float64Array.from(ts, (_, i) => i),
    );
  return src;
}

async function refusal(p: Promise<unknown>): Promise<PromQLError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PromQLError);
    return e as PromQLError;
  }
  throw new Error("expected a refusal");
}

describe("query budget: no query can hold the isolate", () => {
  it("refuses a subquery finer than 11,000 points per series before loading anything", async () => {
    const e = await refusal(
      createEngine(source(1, 10)).rangeQuery("count_over_time(vector(1)[30m:1ms])", T0, T0 + 86_400_000, 60_000),
    );
    expect(e.errorType).toBe("execution");
    expect(e.message).toMatch(/subquery \[30m:1ms\] exceeds the maximum resolution of 11,000 points/);
    // Nested and default-step subqueries are checked too.
    const nested = await refusal(
      createEngine(source(1, 10), { defaultSubqueryStepMs: 1000 }).instantQuery("max_over_time(rate(x[5m])[1d:])", T0),
    );
    expect(nested.message).toMatch(/\[1d:1s\]/);
  });

  it("counts the points subqueries hold against the sample budget", async () => {
    const engine = createEngine(source(20, 240), { maxSamples: 20 * 240 + 5_000 });
    // 20 series x 3,600 inner steps = 72,000 held points > the budget left after loading.
    const e = await refusal(engine.instantQuery("max_over_time(x[1h:1s])", T0 + 3_600_000));
    expect(e.errorType).toBe("execution");
    expect(e.message).toMatch(/too many samples/);
    const ok = await createEngine(source(20, 240)).instantQuery("max_over_time(x[1h:1s])", T0 + 3_600_000);
    expect(ok.resultType).toBe("vector");
  });

  it("stops at the deadline inside the evaluation loops with a timeout", async () => {
    const engine = createEngine(source(200, 240), { timeoutMs: 1 });
    const e = await refusal(engine.rangeQuery("sum(max_over_time(x[1h:10s]))", T0, T0 + 3_600_000, 15_000));
    expect(e.errorType).toBe("timeout");
  });

  it("yields to the event loop between slices of a long evaluation", async () => {
    const engine = createEngine(source(60, 240));
    const order: string[] = [];
    const q = engine
      .rangeQuery("sum(avg_over_time(x[30m:10s]))", T0, T0 + 3_600_000, 15_000)
      .then(() => order.push("query"));
    // A timer queued after the query started runs before it finishes: the evaluation let others in.
    setTimeout(() => order.push("timer"), 0);
    await q;
    expect(order).toEqual(["timer", "query"]);
  });

  it("yields by work done when the clock stands still while code runs, as in Workers", async () => {
    const frozen = new QueryBudget(1e9, Number.POSITIVE_INFINITY, () => T0);
    const timerRan = async (f: () => Promise<void>) => {
      let ran = false;
      setTimeout(() => {
        ran = true;
      }, 0);
      await f();
      return ran;
    };
    // Little work: no yield, the clock cannot tell a slice has passed.
    expect(await timerRan(() => frozen.yieldIfDue())).toBe(false);
    // A slice of work in ticks: the next check yields.
    for (let i = 0; i < 4096; i++) frozen.tick();
    expect(await timerRan(() => frozen.yieldIfDue())).toBe(true);
    // Many cheap steps add up to a slice too.
    let yielded = false;
    for (let i = 0; i < 256 && !yielded; i++) yielded = await timerRan(() => frozen.yieldIfDue());
    expect(yielded).toBe(true);
  });
});
