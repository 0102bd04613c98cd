// Error budgets and burn rates (Google SRE Workbook, "Alerting on SLOs"). Pure: the SLO object feeds it the
// rolled-up good/total counts of a window; monitors and the SLO page read its answers.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The fraction of events allowed to be bad: 1 - objective (0.995 -> 0.005). */
export function errorBudget(objective: number): number {
  return 1 - objective;
}

export interface Counts {
  good: number;
  total: number;
}

/** bad / total, or null when nothing happened (no traffic is not an outage and not a success either). */
export function badRatio(c: Counts): number | null {
  if (!(c.total > 0)) return null;
  return Math.min(1, Math.max(0, (c.total - c.good) / c.total));
}

/** How many times faster than allowed the budget burns over a window: 1 spends it exactly over the SLO window. */
export function burnRate(c: Counts, objective: number): number | null {
  const r = badRatio(c);
  return r === null ? null : r / errorBudget(objective);
}

/** The share of the error budget still unspent over the SLO window (1 = untouched, 0 = spent, < 0 = overspent). */
export function budgetRemaining(window: Counts, objective: number): number | null {
  const r = badRatio(window);
  return r === null ? null : 1 - r / errorBudget(objective);
}

/** The share of the whole SLO window's budget that `burn` spends in `lookbackMs` (14.4 over 1 h of 30 d = 2 %). */
export function budgetSpentBy(burn: number, lookbackMs: number, sloWindowMs: number): number {
  return (burn * lookbackMs) / sloWindowMs;
}

/** Time until the remaining budget is gone if the current burn rate holds; null when it never runs out. */
export function timeToExhaustion(remaining: number, burn: number | null, sloWindowMs: number): number | null {
  if (remaining <= 0) return 0;
  if (burn === null || burn <= 0) return null;
  return (remaining * sloWindowMs) / burn;
}

/** How long a constant bad ratio takes to push the average over `lookbackMs` past `burn` (the workbook's
 * "time to detection"), starting from a clean window; null when that ratio never reaches it. */
export function detectionTime(badRatioNow: number, objective: number, burn: number, lookbackMs: number): number | null {
  const needed = burn * errorBudget(objective);
  if (badRatioNow < needed || badRatioNow <= 0) return null;
  return (lookbackMs * needed) / badRatioNow;
}

export interface BurnPolicy {
  /** Shown on the generated monitor: "fast burn", "slow burn", "budget drift". */
  name: string;
  severity: "critical" | "warning";
  burnRate: number;
  longWindowMs: number;
  shortWindowMs: number;
}

/** The SRE workbook's multi-window, multi-burn-rate defaults: two pages and a ticket. */
export const WORKBOOK_POLICIES: readonly BurnPolicy[] = [
  { name: "fast burn", severity: "critical", burnRate: 14.4, longWindowMs: HOUR, shortWindowMs: 5 * MINUTE },
  { name: "slow burn", severity: "critical", burnRate: 6, longWindowMs: 6 * HOUR, shortWindowMs: 30 * MINUTE },
  { name: "budget drift", severity: "warning", burnRate: 1, longWindowMs: 3 * DAY, shortWindowMs: 6 * HOUR },
];

/** A multi-window alert's value: it breaches only when both windows burn past the rate, so the smaller of
 * the two burn rates is the one compared with the threshold (null while either window has no traffic). */
export function policyValue(long: number | null, short: number | null): number | null {
  if (long === null || short === null) return null;
  return Math.min(long, short);
}
