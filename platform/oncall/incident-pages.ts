// Per-incident paging (a channel with notifyPer "incident"): which of an alert's notifications go out on the channel,
// keyed by the incident, and which are only recorded. Runs in the MonitorObject's outbox once the alert's row is in
// D1, so the grouping decision it reads is the one the incident pages show (the same pass, materialised).
import type { Channel } from "../../core/contracts/alerting";
import type { NotificationContext } from "../../core/notify/types";
import type { DeliveryOutcome } from "../../core/ports/notifier";
import {
  claimAck,
  claimResolve,
  claimTrigger,
  claimUnack,
  firingOnChannel,
  getIncidentPage,
  type IncidentPage,
  pageCovers,
} from "../db/incident-pages";
import { eventStatement, incidentOfAlert } from "../db/incidents";
import type { Env } from "../env";
import { groupFiringAlerts } from "./grouping";
import { serviceEdgesFrom } from "./service-edges";

export interface PageRow {
  id: string;
  alertId: string;
  ctx: NotificationContext;
}

/** Send this (the incident's page), or send nothing and say why. */
export type IncidentPagePlan = { send: NotificationContext } | { skip: string };

/**
 * Trigger, repeat and update: the first row to claim the incident's page sends it; the paging alert's own repeats and
 * updates follow it; any other alert of the incident is recorded on its timeline, with no new page. Resolve: only once
 * no alert of the incident that notifies this channel still fires, by the row that claims it. Acknowledge and
 * un-acknowledge: once per change of the page's state. An alert in no incident pages as itself, and keeps that page
 * (its acknowledge and resolve) if it joins an incident later.
 */
export async function planIncidentPage(
  env: Env,
  channel: Channel,
  row: PageRow,
  now: number,
  publicUrl: string,
): Promise<IncidentPagePlan> {
  const db = env.DB;
  const kind = row.ctx.kind;
  const firingKind = kind === "trigger" || kind === "repeat" || kind === "update";
  // The alert's row is in D1 by now: group it exactly as the incident pages would (idempotent, race-safe).
  if (firingKind) await groupFiringAlerts(db, now, serviceEdgesFrom(env));
  const inc = await incidentOfAlert(db, row.alertId);
  if (!inc) return { send: row.ctx };
  const incident = { id: inc.id, title: inc.title, url: `${publicUrl.replace(/\/$/, "")}/incidents/${inc.id}` };
  const send = { send: { ...row.ctx, incident } };
  const named = `incident ${inc.id} (${inc.title})`;
  if (firingKind) {
    await claimTrigger(db, inc.id, channel.id, row.alertId, row.id, now);
    const page = await getIncidentPage(db, inc.id, channel.id);
    if (page && mayPage(page, row)) return send;
    const skip = `grouped into ${named}, no new page on channel ${channel.name}`;
    // The alert's first page is the news; its repeats and updates are not worth a timeline line each.
    if (kind === "trigger") await note(db, inc.id, row, channel, skip, now);
    return { skip };
  }
  const page = await getIncidentPage(db, inc.id, channel.id);
  // The alert paged on its own on this channel (before it joined the incident, or before the channel changed
  // mode): its acknowledgement and resolve go to that page.
  if (!page || !(await pageCovers(db, inc.id, channel.id, row.alertId))) return { send: row.ctx };
  if (kind === "resolve") {
    const firing = await firingOnChannel(db, inc.id, channel.id);
    if (firing > 0) {
      const skip = `${named} still has ${firing} firing alert(s) on channel ${channel.name}: its resolve waits for the last`;
      await note(db, inc.id, row, channel, skip, now);
      return { skip };
    }
    await claimResolve(db, inc.id, channel.id, row.id, now);
  } else if (kind === "acknowledge") await claimAck(db, inc.id, channel.id, row.id, now);
  else await claimUnack(db, inc.id, channel.id, row.id, now);
  const after = await getIncidentPage(db, inc.id, channel.id);
  const ours =
    kind === "resolve"
      ? after?.resolvedBy === row.id
      : kind === "acknowledge"
        ? after?.ackedBy === row.id
        : after?.unackedBy === row.id && after.ackedBy === null;
  if (ours) return send;
  return { skip: `${named} was already ${kind === "resolve" ? "resolved" : `${kind}d`} on channel ${channel.name}` };
}

/** The row that claimed the page, or a later repeat or update of the alert whose page it is. */
const mayPage = (page: IncidentPage, row: PageRow) =>
  page.pagedBy === row.id || (page.state === "triggered" && page.alertId === row.alertId && row.ctx.kind !== "trigger");

/** One timeline entry per outbox row (its id makes a retry a no-op). */
async function note(db: D1Database, incidentId: string, row: PageRow, channel: Channel, text: string, now: number) {
  await db.batch([
    eventStatement(db, incidentId, {
      id: `ie_page_${row.id}`,
      kind: "page_grouped",
      at: now,
      by: null,
      data: {
        alertId: row.alertId,
        monitorName: row.ctx.monitor.name,
        channelId: channel.id,
        channelName: channel.name,
        notification: row.ctx.kind,
        text,
      },
    }),
  ]);
}

/** Deliver through the channel's adapter, or record why nothing went out (a "sent" with no HTTP status). */
export async function deliverPerIncident(
  env: Env,
  channel: Channel,
  row: PageRow,
  now: number,
  publicUrl: string,
  send: (ctx: NotificationContext) => Promise<DeliveryOutcome>,
): Promise<DeliveryOutcome> {
  let plan: IncidentPagePlan;
  try {
    plan = await planIncidentPage(env, channel, row, now, publicUrl);
  } catch (err) {
    return { status: "retry", httpStatus: null, error: `incident paging: ${err instanceof Error ? err.message : err}` };
  }
  if ("skip" in plan) return { status: "sent", httpStatus: null, detail: plan.skip };
  return send(plan.send);
}
