import { describe, expect, it } from "vitest";
import type { MonitorHealthView } from "../../../../core/contracts/alerting";
import { clockTime, formatMs, healthLine, isBroken } from "./health";

const h = (over: Partial<MonitorHealthView>): MonitorHealthView => ({
  health: "ok",
  lastError: null,
  lastErrorAt: null,
  failures: 0,
  failingSince: null,
  lastCheckAt: 1_000,
  lastRanAt: 1_000,
  evalMs: 42,
  series: 3,
  ...over,
});

describe("monitor health words", () => {
  it("an error says it cannot evaluate, how often, since when and why", () => {
    const line = healthLine(h({ health: "error", failures: 4, failingSince: 0, lastError: "bad match" }), 15, 120_000);
    expect(line).toBe("Cannot evaluate (4 failed checks since 2m ago): bad match");
    expect(isBroken(h({ health: "error" }))).toBe(true);
    expect(isBroken(h({ health: "nodata" }))).toBe(false);
    expect(isBroken(null)).toBe(false);
  });
  it("slow names the evaluation time and the interval; no data and ok read plainly", () => {
    expect(healthLine(h({ health: "slow", evalMs: 9_100 }), 15, 0)).toBe("Slow: 9.1 s per check (interval 15 s)");
    expect(healthLine(h({ health: "nodata" }), 15, 0)).toMatch(/no data/);
    expect(healthLine(h({}), 15, 0)).toBe("Evaluating normally");
    expect(formatMs(35.4)).toBe("35 ms");
  });
  it("clock time is the time of day, UTC marked", () => {
    expect(clockTime(Date.UTC(2026, 0, 1, 2, 47, 13), true)).toBe("02:47 UTC");
  });
});
