import { describe, expect, it } from "vitest";
import { addSpan, mergeGroups, newAcc, statsRows, type StatsGroup } from "./span-stats";

function group(key: string[], spans: [number, boolean, boolean][]): StatsGroup {
  const acc = newAcc();
  for (const [d, e, l] of spans) addSpan(acc, d, e, l);
  return { key, acc };
}

describe("span stats", () => {
  it("merges shards and compares windows", () => {
    const cur = mergeGroups([
      [
        group(
          ["payment-gateway", "ChargeCard"],
          [
            [4_100_000, true, true],
            [4_200_000, true, true],
          ],
        ),
      ],
      [
        group(
          ["payment-gateway", "ChargeCard"],
          [
            [150_000, false, false],
            [160_000, false, false],
          ],
        ),
        group(["order-service", "create"], [[10_000, false, false]]),
      ],
    ]);
    const cmp = mergeGroups([[group(["payment-gateway", "ChargeCard"], [[150_000, false, false]])]]);
    const rows = statsRows(["service", "operation"], cur, cmp, 60, 60);
    expect(rows[0].key).toEqual({ service: "payment-gateway", operation: "ChargeCard" });
    expect(rows[0].current.requests).toBe(4);
    expect(rows[0].current.leafErrors).toBe(2);
    expect(rows[0].current.errorsPerSec).toBeCloseTo(2 / 60, 4);
    expect(rows[0].current.p99Ms).toBeGreaterThan(4000);
    expect(rows[0].comparison.requests).toBe(1);
    expect(rows[0].comparison.p50Ms).toBeCloseTo(150, -1);
    expect(rows[1].comparison.requests).toBe(0);
    expect(rows[1].comparison.p50Ms).toBeNull();
  });
});
