// Mutes that end while their alert fires: a warning shortly before (a live event and the alert page), and a
// notification when it happens (the planner re-sends the page; see durable/monitor/plan.ts).

import { inTimeIntervals, type TimeInterval } from "./time-intervals";

export const EXPIRY_WARNING_MS = 10 * 60_000;

export interface HeldAlert {
  alertId: string;
  firing: boolean;
  /** The active rules holding it now. */
  rules: { id: string; endsAt: number }[];
}

export interface ExpiryWarning {
  alertId: string;
  /** When the alert stops being held: the last of its rules to end. */
  endsAt: number;
  ruleIds: string[];
}

/**
 * One warning per alert and end time: a firing alert whose muting ends within EXPIRY_WARNING_MS is warned
 * about once; extending the mute (a new end) warns again when that comes near. `warned` maps alert ids to
 * the end they were warned about and only keeps alerts still held.
 */
export function planMuteExpiry(
  held: HeldAlert[],
  warned: Record<string, number>,
  now: number,
): { warned: Record<string, number>; warnings: ExpiryWarning[] } {
  const next: Record<string, number> = {};
  const warnings: ExpiryWarning[] = [];
  for (const h of held) {
    if (!h.firing || !h.rules.length) continue;
    const endsAt = Math.max(...h.rules.map((r) => r.endsAt));
    if (endsAt - now > EXPIRY_WARNING_MS) continue;
    next[h.alertId] = endsAt;
    if (warned[h.alertId] !== endsAt) warnings.push({ alertId: h.alertId, endsAt, ruleIds: h.rules.map((r) => r.id) });
  }
  return { warned: next, warnings };
}

/**
 * When a rule active at `now` stops holding: its end, or for a recurring rule the end of the current window
 * when that comes first. Windows are minute-aligned, so looking minute by minute over the warning horizon is
 * exact where it matters (a later end never warns).
 */
export function holdsUntil(
  rule: { endsAt: number; timeIntervals?: TimeInterval[] | null },
  now: number,
  horizon = EXPIRY_WARNING_MS,
): number {
  if (!rule.timeIntervals?.length) return rule.endsAt;
  const limit = Math.min(rule.endsAt, now + horizon);
  for (let t = Math.floor(now / 60_000) * 60_000 + 60_000; t <= limit; t += 60_000)
    if (!inTimeIntervals(rule.timeIntervals, t)) return t;
  return rule.endsAt;
}
