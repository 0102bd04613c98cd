// What happened around an incident that is not its own doing (issue 15 §3): the changes shipped to the services its
// alerts concern and the mutes that held (or would hold) its alerts back, as timeline entries beside its own.
import { type Matcher, type MuteRule, ruleMatches } from "../alerting/muting";
import type { Labels } from "../alerting/types";
import { labelOf, samePlace, serviceOf } from "./alert-labels";
import type { TimelineEntry } from "./incidents";

/** A change this long before the first breach can still be its cause (a slow leak after a deploy). */
export const LOOKBACK_MS = 30 * 60_000;
/** Derived entries (changes, mutes) an incident page carries at most: the newest are kept. */
export const MAX_CONTEXT_ENTRIES = 200;

export interface Window {
  from: number;
  to: number;
}

/** From 30 min before its earliest alert started (or it opened, without alerts) to its resolution, or now. */
export function contextWindow(
  inc: { openedAt: number; resolvedAt: number | null },
  alerts: { startedAt: number; firingAt: number | null }[],
  now: number,
): Window {
  const first = Math.min(inc.openedAt, ...alerts.map((a) => Math.min(a.startedAt, a.firingAt ?? a.startedAt)));
  return { from: first - LOOKBACK_MS, to: Math.max(first, inc.resolvedAt ?? now) };
}

/**
 * A change concerns an alert when both name the same service and they do not disagree on where: a deploy to
 * staging is not a cause of a production alert. A label only one side carries is no disagreement.
 */
export function changeConcerns(change: Labels, alert: Labels): boolean {
  const service = serviceOf(change);
  return service !== null && service === serviceOf(alert) && samePlace(change, alert);
}

/** The services an incident's alerts name: what the change query looks for. */
export const servicesOf = (alerts: { labels: Labels }[]): string[] => [
  ...new Set(alerts.map((a) => serviceOf(a.labels)).filter((s): s is string => s !== null)),
];

export interface ContextChange {
  id: string;
  title: string;
  source: string;
  category: string;
  type: string;
  happenedAt: number;
  labels: Labels;
}

/** Alert transitions and incidents are recorded as change events too; the timeline already has those. */
const OWN_CATEGORIES = new Set(["alerts", "incidents"]);

export function changeEntries(changes: ContextChange[], alerts: { labels: Labels }[], w: Window): TimelineEntry[] {
  return changes
    .filter(
      (c) =>
        c.happenedAt >= w.from &&
        c.happenedAt <= w.to &&
        !OWN_CATEGORIES.has(c.category) &&
        alerts.some((a) => changeConcerns(c.labels, a.labels)),
    )
    .map((c) => ({
      at: c.happenedAt,
      kind: "change",
      by: null,
      data: {
        id: c.id,
        title: c.title,
        category: c.category,
        type: c.type,
        source: c.source,
        service: serviceOf(c.labels),
        environment: labelOf(c.labels, "environment") ?? null,
      },
    }));
}

export interface ContextMute extends MuteRule {
  comment: string;
  createdBy: string;
  createdAt: number;
  deletedAt: number | null;
  deletedBy: string | null;
}

/**
 * The mutes that held, or would hold, one of its alerts back during the window: one "mute" entry at its creation
 * (a mute made before the window and still active in it keeps its real creation time, so it opens the timeline
 * with its true age), then "mute_expired" when it ended inside the window, or "mute_deleted" (who, when). A mute
 * made inside the window counts even when it starts later (made ahead of a deploy, say); one whose life ended
 * before the window does not.
 */
export function muteEntries(
  mutes: ContextMute[],
  alerts: { monitorId: string; labels: Labels }[],
  w: Window,
  now: number,
): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const m of mutes) {
    if (m.createdAt > w.to) continue;
    const end = Math.min(m.endsAt, m.deletedAt ?? Number.POSITIVE_INFINITY);
    const made = m.createdAt >= w.from;
    const overlaps = m.startsAt < w.to && end > w.from;
    if (!made && !overlaps) continue;
    if (!alerts.some((a) => ruleMatches(m, a))) continue;
    const data = {
      id: m.id,
      comment: m.comment,
      matchers: m.matchers.map((x: Matcher) => ({ name: x.name, op: x.op, value: x.value })),
      monitorId: m.monitorId,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      recurring: !!m.timeIntervals?.length,
    };
    out.push({ at: m.createdAt, kind: "mute", by: m.createdBy, data });
    if (m.deletedAt !== null && m.deletedAt < m.endsAt) {
      if (m.deletedAt >= w.from && m.deletedAt <= w.to)
        out.push({ at: m.deletedAt, kind: "mute_deleted", by: m.deletedBy, data: { id: m.id, comment: m.comment } });
    } else if (m.endsAt >= w.from && m.endsAt <= Math.min(w.to, now))
      out.push({ at: m.endsAt, kind: "mute_expired", by: null, data: { id: m.id, comment: m.comment } });
  }
  return out;
}

/** The newest `max` entries (oldest first), and whether some were cut. */
export function newest(
  entries: TimelineEntry[],
  max = MAX_CONTEXT_ENTRIES,
): { entries: TimelineEntry[]; cut: boolean } {
  if (entries.length <= max) return { entries, cut: false };
  const kept = [...entries].sort((a, b) => a.at - b.at).slice(-max);
  return { entries: kept, cut: true };
}
