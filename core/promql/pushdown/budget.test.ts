import { describe, expect, it } from "vitest";
import { createEngine, PromQLError } from "../engine";
import { MemorySource } from "../memory-source";
import { memoryShardsPort } from "./memory-shards";

function source(n: number): MemorySource {
  const src = new MemorySource();
  const ts = Array.from({ length: 240 }, (_, i) => i * 15_000);
  for (let i = 0; i < n; i++)
    src.add(
      { __name__: "m", i: String(i) },
      ts,
      Float64Array.from(ts, (_, k) => k),
    );
  return src;
}

describe("the Worker's byte budget", () => {
  it("refuses raw samples, pushed-down answers and output points past the budget with what to narrow", async () => {
    const src = source(200);
    const tight = { maxBytes: 200_000 };
    const raw = createEngine(src, tight);
    await expect(raw.rangeQuery("timestamp(m)", 0, 3_600_000, 15_000)).rejects.toThrow(PromQLError);
    await expect(raw.rangeQuery("timestamp(m)", 0, 3_600_000, 15_000)).rejects.toThrow(
      /memory budget in the Worker .*narrow the selectors' matchers, shorten the time range or raise the step/,
    );
    const pushed = createEngine(src, { ...tight, pushdown: memoryShardsPort([src]) });
    await expect(pushed.rangeQuery("rate(m[1m])", 0, 3_600_000, 15_000)).rejects.toThrow(/memory budget in the Worker/);
    // Aggregated where the data lives, the same data fits easily.
    const sum = await pushed.rangeQuery("sum(rate(m[1m]))", 0, 3_600_000, 15_000);
    expect(sum.result).toHaveLength(1);
  });
});
