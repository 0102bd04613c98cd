import { describe, expect, it } from "vitest";
import { healthOf, healthOrder, healthView, type CheckReport } from "./health";

const check = (over: Partial<CheckReport> = {}): CheckReport => ({
  at: 1_000,
  ranAt: 1_200,
  evalMs: 40,
  lateMs: 200,
  series: 3,
  error: null,
  ...over,
});

describe("monitor health", () => {
  it("error wins over no data, no data over slow; never checked is unknown", () => {
    expect(healthOf(null, 15_000)).toBe("unknown");
    expect(healthOf(check(), 15_000)).toBe("ok");
    expect(healthOf(check({ error: "x", series: 0, evalMs: 99_000 }), 15_000)).toBe("error");
    expect(healthOf(check({ series: 0, evalMs: 99_000 }), 15_000)).toBe("nodata");
    expect(healthOf(check({ evalMs: 7_600 }), 15_000)).toBe("slow");
    expect(healthOf(check({ lateMs: 90_000 }), 15_000)).toBe("slow");
    expect(healthOf(check({ evalMs: 7_400, lateMs: 14_000 }), 15_000)).toBe("ok");
  });

  it("sorts broken first", () => {
    const hs = ["ok", "slow", "unknown", "error", "nodata"] as const;
    expect([...hs].sort((a, b) => healthOrder[a] - healthOrder[b])).toEqual([
      "error",
      "nodata",
      "slow",
      "unknown",
      "ok",
    ]);
  });

  it("keeps the last error and its time after the monitor recovers", () => {
    const failed = healthView(check({ error: "bad", at: 5 }), null, { count: 1, since: 5 }, 15_000);
    expect(failed).toMatchObject({ health: "error", lastError: "bad", lastErrorAt: 5, failures: 1, failingSince: 5 });
    const ok = healthView(check({ at: 20 }), failed, { count: 0, since: null }, 15_000);
    expect(ok).toMatchObject({ health: "ok", lastError: "bad", lastErrorAt: 5, failures: 0, lastCheckAt: 20 });
  });
});
