import type { Labels } from "../alerting/types";
import { labelOf, PLACE_KEYS, samePlace, serviceOf } from "./alert-labels";

/**
 * Correlating firing alerts beyond shared labels (issue 15): an alert joins an open incident when its service is
 * the same as, or a direct neighbour (caller or callee) of, the service of an alert there, or when it follows the
 * same change event. The likely root of an incident is its upstream-most service.
 */

/** A graph neighbour joins when it breached within this long of the incident's latest alert breach. */
export const NEIGHBOUR_WINDOW_MS = 10 * 60_000;
/** An alert follows the most recent matching change at most this long before its breach. */
export const CHANGE_WINDOW_MS = 30 * 60_000;

/** The keys on which a change and an alert must agree; a change has to name at least one the alert has. */
const CHANGE_MATCH_KEYS = ["service", ...PLACE_KEYS] as const;

export type JoinReason = "labels" | "service_graph" | "change_event";

export interface ServiceEdge {
  caller: string;
  callee: string;
}

export interface Member {
  incidentId: string;
  alertId: string;
  labels: Labels;
  breachAt: number;
}

export interface ChangeRef {
  id: string;
  title: string;
  happenedAt: number;
  labels: Labels;
}

/** Direct neighbours per service, either direction. */
export function neighbourMap(edges: readonly ServiceEdge[]): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    if (!m.has(a)) m.set(a, new Set());
    m.get(a)!.add(b);
  };
  for (const e of edges)
    if (e.caller !== e.callee) {
      add(e.caller, e.callee);
      add(e.callee, e.caller);
    }
  return m;
}

/**
 * The open incident a service's alert joins through the graph: one holding an alert of the same service or of a
 * direct neighbour in the same place (samePlace), whose latest breach (any of its alerts) is within NEIGHBOUR_WINDOW_MS of this breach. Of
 * several, the one whose latest breach is nearest in time (then the smaller id, so concurrent passes agree).
 */
export function neighbourIncident(
  labels: Labels,
  breachAt: number,
  members: readonly Member[],
  neighbours: ReadonlyMap<string, ReadonlySet<string>>,
): { incidentId: string; neighbour: string; alertId: string } | null {
  const latest = new Map<string, number>();
  for (const m of members) latest.set(m.incidentId, Math.max(latest.get(m.incidentId) ?? m.breachAt, m.breachAt));
  const service = serviceOf(labels);
  if (service === null) return null;
  const near = neighbours.get(service);
  let best: { incidentId: string; neighbour: string; alertId: string; gap: number } | null = null;
  for (const m of members) {
    const s = serviceOf(m.labels);
    if (s === null || (s !== service && !near?.has(s)) || !samePlace(labels, m.labels)) continue;
    const gap = Math.abs(breachAt - (latest.get(m.incidentId) ?? m.breachAt));
    if (gap > NEIGHBOUR_WINDOW_MS) continue;
    if (!best || gap < best.gap || (gap === best.gap && m.incidentId < best.incidentId))
      best = { incidentId: m.incidentId, neighbour: s, alertId: m.alertId, gap };
  }
  return best && { incidentId: best.incidentId, neighbour: best.neighbour, alertId: best.alertId };
}

/**
 * A change concerns an alert when it names at least one match label the alert has and every such label agrees.
 * A change to a service concerns only alerts on that service: a deploy of one service in production says nothing
 * about an alert that names no service, though both name the environment (or every service-less alert in
 * production would follow every deploy there). A change naming only a place (an infrastructure change to a
 * region) still concerns every alert in that place.
 */
export function changeMatches(change: Labels, alert: Labels): boolean {
  if (labelOf(change, "service") !== undefined && labelOf(alert, "service") === undefined) return false;
  let shared = 0;
  for (const k of CHANGE_MATCH_KEYS) {
    const [c, a] = [labelOf(change, k), labelOf(alert, k)];
    if (c === undefined || a === undefined) continue;
    if (c !== a) return false;
    shared++;
  }
  return shared > 0;
}

/**
 * The change an alert follows: the most recent matching change at or before its breach and at most
 * CHANGE_WINDOW_MS before it. A newer matching change takes over (a rollback after a deploy is what the later
 * alert follows); ties go to the larger id so the answer does not depend on the order changes were read in.
 */
export function changeFollowed<C extends ChangeRef>(labels: Labels, breachAt: number, changes: readonly C[]): C | null {
  let best: C | null = null;
  for (const c of changes) {
    if (c.happenedAt > breachAt || breachAt - c.happenedAt > CHANGE_WINDOW_MS) continue;
    if (!changeMatches(c.labels, labels)) continue;
    if (!best || c.happenedAt > best.happenedAt || (c.happenedAt === best.happenedAt && c.id > best.id)) best = c;
  }
  return best;
}

/** The change each member follows, by alert id: computed once per pass, not per candidate. */
export function followedChanges(members: readonly Member[], changes: readonly ChangeRef[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of members) {
    const c = changeFollowed(m.labels, m.breachAt, changes);
    if (c) out.set(m.alertId, c.id);
  }
  return out;
}

/**
 * The open incident an alert joins through a change: one holding an alert that follows the same change
 * (`memberChanges`, from followedChanges). Of several, the one whose alert breached first.
 */
export function changeIncident<C extends ChangeRef>(
  labels: Labels,
  breachAt: number,
  members: readonly Member[],
  changes: readonly C[],
  memberChanges: ReadonlyMap<string, string>,
): { incidentId: string; change: C; alertId: string } | null {
  const change = changeFollowed(labels, breachAt, changes);
  if (!change) return null;
  let best: Member | null = null;
  for (const m of members) {
    if (memberChanges.get(m.alertId) !== change.id) continue;
    if (!best || m.breachAt < best.breachAt || (m.breachAt === best.breachAt && m.incidentId < best.incidentId))
      best = m;
  }
  return best && { incidentId: best.incidentId, change, alertId: best.alertId };
}

/**
 * The likely root first: an alert whose service calls (directly or through others) the service of another alert of
 * the incident comes before it, the caller being where the trouble entered; between alerts the graph does not
 * order (no path, no service, a cycle), the earliest breach first. Sorting by how many of the incident's other
 * services reach an alert's service is such an order: a caller is reached by strictly fewer of them than its callee.
 */
export function rootFirst<A extends { firingAt: number | null; startedAt: number; labels?: Labels }>(
  alerts: A[],
  edges: readonly ServiceEdge[] = [],
): A[] {
  const services = [...new Set(alerts.map((a) => (a.labels ? serviceOf(a.labels) : null)).filter((s) => s !== null))];
  const upstream = new Map<string, number>();
  if (services.length > 1 && edges.length) {
    const callees = new Map<string, string[]>();
    for (const e of edges)
      if (e.caller !== e.callee) callees.set(e.caller, [...(callees.get(e.caller) ?? []), e.callee]);
    for (const from of services) {
      const seen = new Set([from]);
      const queue = [from];
      while (queue.length)
        for (const next of callees.get(queue.shift()!) ?? [])
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
      for (const to of services) if (to !== from && seen.has(to)) upstream.set(to, (upstream.get(to) ?? 0) + 1);
    }
  }
  const rank = (a: A) => {
    const s = a.labels ? serviceOf(a.labels) : null;
    return s === null ? 0 : (upstream.get(s) ?? 0);
  };
  const breach = (a: A) => a.firingAt ?? a.startedAt;
  return [...alerts].sort((a, b) => rank(a) - rank(b) || breach(a) - breach(b));
}
