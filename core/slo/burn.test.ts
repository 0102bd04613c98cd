import { describe, expect, it } from "vitest";
import {
  DAY,
  HOUR,
  MINUTE,
  WORKBOOK_POLICIES,
  budgetRemaining,
  budgetSpentBy,
  burnRate,
  detectionTime,
  errorBudget,
  policyValue,
  timeToExhaustion,
} from "./burn";

// Worked figures of the SRE Workbook, chapter 5 ("Alerting on SLOs"), for a 99.9 % SLO over 30 days.
const SLO = 0.999;
const WINDOW = 30 * DAY;

describe("burn-rate maths against the SRE workbook", () => {
  it("the error budget of a 99.9 % SLO is 0.1 % of events", () => {
    expect(errorBudget(SLO)).toBeCloseTo(0.001, 12);
  });

  it("a burn rate of 1 spends exactly the budget over the window", () => {
    expect(burnRate({ good: 999_000, total: 1_000_000 }, SLO)).toBeCloseTo(1, 9);
    expect(budgetSpentBy(1, WINDOW, WINDOW)).toBe(1);
  });

  it("the recommended thresholds are 2 % of budget in 1 h, 5 % in 6 h and 10 % in 3 days", () => {
    const [fast, slow, drift] = WORKBOOK_POLICIES;
    expect(budgetSpentBy(fast.burnRate, fast.longWindowMs, WINDOW)).toBeCloseTo(0.02, 9);
    expect(budgetSpentBy(slow.burnRate, slow.longWindowMs, WINDOW)).toBeCloseTo(0.05, 9);
    expect(budgetSpentBy(drift.burnRate, drift.longWindowMs, WINDOW)).toBeCloseTo(0.1, 9);
    expect([fast.shortWindowMs, slow.shortWindowMs, drift.shortWindowMs]).toEqual([5 * MINUTE, 30 * MINUTE, 6 * HOUR]);
    expect([fast.severity, slow.severity, drift.severity]).toEqual(["critical", "critical", "warning"]);
  });

  it("at a burn rate of 14.4 a full budget lasts about 2 days (50 hours)", () => {
    expect(timeToExhaustion(1, 14.4, WINDOW)! / HOUR).toBeCloseTo(50, 9);
  });

  it("a 100 % error ratio trips the 1 h, 14.4x alert after 0.864 minutes", () => {
    expect(detectionTime(1, SLO, 14.4, HOUR)! / MINUTE).toBeCloseTo(0.864, 9);
    // and a ratio below 14.4 x 0.1 % never trips it
    expect(detectionTime(0.0143, SLO, 14.4, HOUR)).toBeNull();
  });

  it("budget remaining goes negative when the window overspends, and no traffic is not a verdict", () => {
    expect(budgetRemaining({ good: 995, total: 1000 }, 0.995)).toBeCloseTo(0, 9);
    expect(budgetRemaining({ good: 990, total: 1000 }, 0.995)).toBeCloseTo(-1, 9);
    expect(budgetRemaining({ good: 0, total: 0 }, 0.995)).toBeNull();
    expect(timeToExhaustion(-0.2, 3, WINDOW)).toBe(0);
    expect(timeToExhaustion(0.5, 0, WINDOW)).toBeNull();
  });

  it("a multi-window alert is as high as its lower window", () => {
    expect(policyValue(20, 15)).toBe(15);
    expect(policyValue(20, null)).toBeNull();
  });
});
