import {
  CHANGE_WINDOW_MS,
  type ChangeRef,
  changeIncident,
  changeFollowed,
  followedChanges,
  type JoinReason,
  type Member,
  NEIGHBOUR_WINDOW_MS,
  neighbourIncident,
  neighbourMap,
  type ServiceEdge,
} from "../../core/oncall/correlate";
import { serviceOf } from "../../core/oncall/alert-labels";
import { changeCategories } from "../../core/contracts/change-events";
import { groupKeyOf, groupTitle, severityFor } from "../../core/oncall/incidents";
import { listChangeEvents } from "../db/change-events";
import {
  eventStatement,
  type FiringAlert,
  insertIncident,
  openIncidentMembers,
  openIncidentOfGroup,
  type StoredIncident,
  ungroupedFiring,
} from "../db/incidents";
import { newId } from "../lib/crypto";
import { incidentSettings } from "./incident-settings";
import { joinAlert } from "./incidents";
import { edgeWindow, type ServiceEdgesOf } from "./service-edges";

/** Alerts grouped per pass: bounded work on a read; the rest join at the next pass. */
const GROUP_BATCH = 200;
/** An alert without every grouping label is a correlation candidate for this long after its breach. */
const CORRELATE_HORIZON_MS = 3_600_000;
/** Open incidents' alerts and change events read per pass, at most. */
const MEMBER_LIMIT = 2000;
const CHANGE_LIMIT = 500;
/** Vigil's own entries (alert transitions, incidents) are not changes an alert can follow. */
const CAUSAL_CATEGORIES = changeCategories.filter((c) => c !== "alerts" && c !== "incidents");

interface Context {
  members: Member[];
  /** Read on first need: the graph and the changes only matter once there is an open incident to join. */
  loaded: boolean;
  neighbours: Map<string, Set<string>> | null;
  changes: ChangeRef[] | null;
  /** The change each member follows (alert id -> change id). */
  memberChanges: Map<string, string>;
}

interface Rules {
  serviceGraph: boolean;
  changeEvents: boolean;
}

/** What the correlation rules need for a batch, read once: the open incidents' recent alerts. */
async function correlationContext(db: D1Database, batch: FiringAlert[]): Promise<Context> {
  // A member can matter for the change rule if it breached up to CHANGE_WINDOW_MS before the first candidate.
  const since = batch[0].firingAt - Math.max(NEIGHBOUR_WINDOW_MS, CHANGE_WINDOW_MS);
  const members = await openIncidentMembers(db, since, MEMBER_LIMIT);
  return { members, loaded: false, neighbours: null, changes: null, memberChanges: new Map() };
}

/**
 * The rest, once an open incident exists: the service graph's edges around the batch's breaches (only when an alert
 * names a service) and the changes they may follow. Page reads group too, so with no incident open nothing of this
 * is read (no graph query to every trace shard for an alert that has nothing to join).
 */
async function loadCorrelation(
  ctx: Context,
  db: D1Database,
  batch: FiringAlert[],
  rules: Rules,
  edgesOf: ServiceEdgesOf | undefined,
  now: number,
): Promise<void> {
  ctx.loaded = true;
  const first = batch[0].firingAt;
  const last = batch[batch.length - 1].firingAt;
  if (rules.serviceGraph && edgesOf && batch.some((a) => serviceOf(a.labels))) {
    // A graph that cannot be read skips the rule for this pass rather than failing the read that groups.
    const edges: ServiceEdge[] | null = await edgesOf(edgeWindow(first, last, NEIGHBOUR_WINDOW_MS)).catch(() => null);
    ctx.neighbours = edges && neighbourMap(edges);
  }
  if (rules.changeEvents) {
    const { events } = await listChangeEvents(db, {
      // Back far enough for the members' changes too; up to now, as a member may have breached after the batch.
      from: first - 2 * CHANGE_WINDOW_MS,
      to: now,
      category: [...CAUSAL_CATEGORIES],
      limit: CHANGE_LIMIT,
    });
    ctx.changes = events.map((e) => ({ id: e.id, title: e.title, happenedAt: e.happenedAt, labels: e.labels }));
    ctx.memberChanges = followedChanges(ctx.members, ctx.changes);
  }
}

type Placement = { incidentId: string; reason: JoinReason; detail: Record<string, unknown> };

function correlate(a: FiringAlert, ctx: Context): Placement | null {
  if (ctx.neighbours) {
    const n = neighbourIncident(a.labels, a.firingAt, ctx.members, ctx.neighbours);
    if (n)
      return { incidentId: n.incidentId, reason: "service_graph", detail: { neighbour: n.neighbour, via: n.alertId } };
  }
  if (ctx.changes) {
    const c = changeIncident(a.labels, a.firingAt, ctx.members, ctx.changes, ctx.memberChanges);
    if (c)
      return {
        incidentId: c.incidentId,
        reason: "change_event",
        detail: { changeId: c.change.id, changeTitle: c.change.title, via: c.alertId },
      };
  }
  return null;
}

async function openGroupIncident(db: D1Database, a: FiringAlert, key: string, groupBy: string[], now: number) {
  const inc: StoredIncident = {
    id: newId("inc"),
    title: groupTitle(key, a.monitorName, groupBy),
    status: "investigating",
    severity: severityFor(a.severity),
    commander: null,
    groupKey: key,
    openedBy: "grouping",
    openedAt: a.firingAt,
    resolvedAt: null,
    updatedAt: now,
  };
  if (!(await insertIncident(db, inc))) return openIncidentOfGroup(db, key);
  await db.batch([
    eventStatement(db, inc.id, {
      id: newId("ie"),
      kind: "opened",
      at: a.firingAt,
      by: null,
      data: { group: JSON.parse(key) },
    }),
  ]);
  return inc.id;
}

/**
 * Group firing alerts that are in no incident yet. In order: an alert with every grouping label joins the open
 * incident of its group; else one holding its service or a graph neighbour (core/oncall/correlate.ts); else one
 * holding an alert that follows the same change; else, with every grouping label, it opens one for its group. The
 * timeline's `alert_joined` says which rule placed it. Idempotent and safe to run concurrently: an alert joins once
 * (its primary key) and a group has one open incident (a unique index), so a pass that loses a race re-reads the
 * winner's incident. `edgesOf` reads the service graph; without it the graph rule is skipped.
 */
export async function groupFiringAlerts(db: D1Database, now: number, edgesOf?: ServiceEdgesOf): Promise<void> {
  // Read per pass: a changed setting applies to alerts grouped from then on; grouped alerts stay where they are.
  const { groupBy, serviceGraph, changeEvents } = await incidentSettings(db);
  const correlating = serviceGraph || changeEvents;
  if (!groupBy.length && !correlating) return;
  const alerts = await ungroupedFiring(db, groupBy, correlating ? now - CORRELATE_HORIZON_MS : null, GROUP_BATCH);
  if (!alerts.length) return;
  const since = now - CORRELATE_HORIZON_MS;
  const recent = alerts.filter((a) => a.firingAt >= since);
  let ctx: Context | null = null;
  for (const a of alerts) {
    const key = groupKeyOf(a.labels, groupBy);
    let place: Placement | null = null;
    const open = key ? await openIncidentOfGroup(db, key) : null;
    if (open) place = { incidentId: open, reason: "labels", detail: {} };
    if (!place && correlating && a.firingAt >= since) {
      ctx ??= await correlationContext(db, recent);
      if (ctx.members.length) {
        if (!ctx.loaded) await loadCorrelation(ctx, db, recent, { serviceGraph, changeEvents }, edgesOf, now);
        place = correlate(a, ctx);
      }
    }
    if (!place && key) {
      const opened = await openGroupIncident(db, a, key, groupBy, now);
      if (opened) place = { incidentId: opened, reason: "labels", detail: {} };
    }
    if (!place) continue;
    const joined = await joinAlert(db, place.incidentId, a.id, a.monitorName, a.firingAt, "grouping", {
      reason: place.reason,
      ...place.detail,
    });
    // Later alerts of this pass may join through this one.
    if (joined && ctx) {
      ctx.members.push({ incidentId: place.incidentId, alertId: a.id, labels: a.labels, breachAt: a.firingAt });
      const followed = ctx.changes && changeFollowed(a.labels, a.firingAt, ctx.changes);
      if (followed) ctx.memberChanges.set(a.id, followed.id);
    }
  }
}
