import { SERVICE_LABELS, serviceOf } from "../../core/oncall/alert-labels";
import { rootFirst } from "../../core/oncall/correlate";
import {
  changeEntries,
  contextWindow,
  MAX_CONTEXT_ENTRIES,
  muteEntries,
  newest,
  servicesOf,
} from "../../core/oncall/incident-context";
import { mergeTimeline, type TimelineEntry } from "../../core/oncall/incidents";
import { alertHistory, type AlertView, getAlert } from "../db/alerts";
import { changesOfServices } from "../db/change-events";
import { mutesAround } from "../db/muting-rules";
import { alertIdsOf, type IncidentCounts, listEvents, type StoredIncident } from "../db/incidents";
import { getNotebook } from "../db/notebooks";
import { getUsersByIds } from "../db/users";
import { edgeWindow, type ServiceEdgesOf } from "./service-edges";

type Person = { id: string; handle: string; name: string };

async function people(db: D1Database, ids: (string | null)[]): Promise<Map<string, Person>> {
  const users = await getUsersByIds(
    db,
    ids.filter((x): x is string => !!x),
  );
  return new Map([...users].map(([id, u]) => [id, { id: u.id, handle: u.handle, name: u.name }]));
}

const groupOf = (k: string | null) => (k ? (JSON.parse(k) as Record<string, string>) : null);

/** Incidents as listed: the commander named, the group decoded. */
export async function incidentViews(db: D1Database, list: (StoredIncident & IncidentCounts)[]) {
  const who = await people(
    db,
    list.map((i) => i.commander),
  );
  return list.map((i) => ({
    ...i,
    groupKey: groupOf(i.groupKey),
    commander: i.commander
      ? (who.get(i.commander) ?? { id: i.commander, handle: i.commander, name: i.commander })
      : null,
  }));
}

/**
 * Rows read per source, newest first, before the filters that SQL cannot do (environment, matchers): room for
 * unrelated rows. A source read to this limit may hold more beyond it, so the answer says it was cut.
 */
const CONTEXT_READ = 5 * MAX_CONTEXT_ENTRIES;

/**
 * What happened around it (core/oncall/incident-context.ts): changes to its alerts' services and mutes that held
 * its alerts, from 30 min before the first alert to its resolution (or now); the newest 200, and whether cut.
 */
async function contextOf(db: D1Database, inc: StoredIncident, alerts: AlertView[], now: number) {
  const w = contextWindow(inc, alerts, now);
  const [changes, mutes] = await Promise.all([
    changesOfServices(db, { ...w, services: servicesOf(alerts), labelNames: SERVICE_LABELS, limit: CONTEXT_READ }),
    alerts.length ? mutesAround(db, w.from, w.to, CONTEXT_READ) : [],
  ]);
  const all = [...changeEntries(changes, alerts, w), ...muteEntries(mutes, alerts, w, now)];
  const { entries, cut } = newest(all);
  return { entries, cut: cut || changes.length >= CONTEXT_READ || mutes.length >= CONTEXT_READ };
}

/**
 * The likely root first: the upstream-most service on the graph around the alerts' breaches, else the earliest
 * breach. The graph is read only when the alerts name two services or more.
 */
async function rootOrdered(alerts: AlertView[], edgesOf: ServiceEdgesOf | undefined): Promise<AlertView[]> {
  const services = new Set(alerts.map((a) => serviceOf(a.labels)).filter((s) => s !== null));
  if (!edgesOf || services.size < 2) return rootFirst(alerts);
  const breaches = alerts.map((a) => a.firingAt ?? a.startedAt);
  // Without a readable graph the earliest breach still names a likely root.
  const edges = await edgesOf(edgeWindow(Math.min(...breaches), Math.max(...breaches), 0)).catch(() => []);
  return rootFirst(alerts, edges);
}

/**
 * One incident: its alerts (the likely root first: upstream-most on the service graph, else the earliest breach) and a timeline of what people did
 * (opened, joined, status, severity, commander, comments) merged with what its alerts did (fired, resolved,
 * acknowledged) and what happened around it (changes, mutes; `timelineTruncated` when more than 200), each entry
 * naming its author by handle; and the postmortem notebook, once started.
 */
export async function incidentDetail(
  db: D1Database,
  inc: StoredIncident & IncidentCounts,
  edgesOf?: ServiceEdgesOf,
  now = Date.now(),
) {
  const members = await alertIdsOf(db, inc.id);
  const alerts = (await Promise.all(members.map((m) => getAlert(db, m.alertId)))).filter(
    (a): a is AlertView => a !== null,
  );
  const own = await listEvents(db, inc.id);
  const fromAlerts: TimelineEntry[] = [];
  for (const a of alerts) {
    for (const t of await alertHistory(db, a.id))
      if (t.to === "firing" || t.to === "resolved")
        fromAlerts.push({
          at: t.at,
          kind: t.to === "firing" ? "alert_fired" : "alert_resolved",
          by: null,
          data: { alertId: a.id, monitorName: a.monitorName, value: t.value },
        });
    if (a.ack)
      fromAlerts.push({
        at: a.ack.at,
        kind: "alert_acknowledged",
        by: a.ack.by.id,
        data: { alertId: a.id, monitorName: a.monitorName, comment: a.ack.comment },
      });
  }
  const context = await contextOf(db, inc, alerts, now);
  // At equal times what happened around comes first, then what the alert did: it fired, then joined.
  const timeline = mergeTimeline(context.entries, fromAlerts, own);
  const who = await people(db, [...timeline.map((e) => e.by), inc.commander]);
  const [view] = await incidentViews(db, [inc]);
  // The postmortem started from it (a "postmortem" event), while its notebook exists.
  const pm = [...own].reverse().find((e) => e.kind === "postmortem")?.data.notebookId;
  const postmortem = typeof pm === "string" && (await getNotebook(db, pm)) ? pm : null;
  return {
    incident: view,
    postmortem,
    alerts: await rootOrdered(alerts, edgesOf),
    timeline: timeline.map((e) => ({ ...e, by: e.by ? `@${who.get(e.by)?.handle ?? e.by}` : null })),
    timelineTruncated: context.cut,
  };
}
