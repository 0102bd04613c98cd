// The SLO page's figures from the roll-ups: budget, burn rates per window, burndown and forecast.
import { type SloDef, type SloStatus, windowMs } from "../../core/contracts/slos";
import { budgetRemaining, burnRate, HOUR, MINUTE, DAY, timeToExhaustion } from "../../core/slo/burn";
import type { SloStore } from "./store";

const BURN_WINDOWS: [string, number][] = [
  ["5m", 5 * MINUTE],
  ["30m", 30 * MINUTE],
  ["1h", HOUR],
  ["6h", 6 * HOUR],
  ["1d", DAY],
  ["3d", 3 * DAY],
];
/** Groups listed on the page, worst first. */
const MAX_GROUPS_SHOWN = 50;

const add = (a: { good: number; total: number }, b: { good: number; total: number }) => ({
  good: a.good + b.good,
  total: a.total + b.total,
});
const zero = () => ({ good: 0, total: 0 });

/** Figures for the windows ending at `end` (the newest rolled-up minute at or before the asked time). */
export function sloStatus(store: SloStore, def: SloDef, at: number, end: number): SloStatus {
  const cov = store.coverage();
  const win = windowMs(def.window);
  const sli = (c: { good: number; total: number }) => (c.total > 0 ? c.good / c.total : null);
  const perWindow = BURN_WINDOWS.map(([name, ms]) => ({
    name,
    ms,
    sums: new Map(store.sums(end - ms, end).map((s) => [s.group, s])),
  }));
  const windowSums = store.sums(end - win, end);
  const overall = windowSums.reduce(add, zero());
  const burnOf = (pick: (m: Map<string, { good: number; total: number }>) => { good: number; total: number }) =>
    perWindow.map((w) => ({ window: w.name, ms: w.ms, burnRate: burnRate(pick(w.sums), def.objective) }));
  const burn = burnOf((m) => [...m.values()].reduce(add, zero()));
  const remaining = budgetRemaining(overall, def.objective);
  const lastHour = burn.find((b) => b.window === "1h")?.burnRate ?? null;
  const windowBurn = burnRate(overall, def.objective);

  const groups = windowSums
    .map((g) => ({
      labels: JSON.parse(g.group) as Record<string, string>,
      window: { good: g.good, total: g.total },
      sli: sli(g),
      budgetRemaining: budgetRemaining(g, def.objective),
      burn: burnOf((m) => m.get(g.group) ?? zero()),
    }))
    .sort((a, b) => (a.budgetRemaining ?? 1) - (b.budgetRemaining ?? 1))
    .slice(0, MAX_GROUPS_SHOWN);

  return {
    at,
    coverage: { from: cov.from, until: cov.until },
    window: overall,
    sli: sli(overall),
    budgetRemaining: remaining,
    burn,
    forecast: {
      atLastHourMs: remaining === null ? null : timeToExhaustion(remaining, lastHour, win),
      atWindowAverageMs: remaining === null ? null : timeToExhaustion(remaining, windowBurn, win),
    },
    burndown: burndown(store, def, end, overall.total),
    groups,
    lastError: store.lastError(),
  };
}

/** The current window's budget, spent minute by minute: 100 % at the window's start, today's figure at its end.
 * Hourly points (6-hourly past 7 days), each the budget left after the bad events up to that point. */
function burndown(store: SloStore, def: SloDef, end: number, windowTotal: number): SloStatus["burndown"] {
  const win = windowMs(def.window);
  const step = win > 7 * DAY ? 6 * HOUR : HOUR;
  const start = end - win;
  const allowed = windowTotal * (1 - def.objective);
  const slices = new Map(store.slices(start, end, step).map((s) => [s.i, s]));
  const out: SloStatus["burndown"] = [];
  let bad = 0;
  for (let i = 0; i * step < win; i++) {
    bad += slices.get(i)?.bad ?? 0;
    out.push({ t: start + (i + 1) * step, budgetRemaining: allowed > 0 ? 1 - bad / allowed : null });
  }
  return out;
}
