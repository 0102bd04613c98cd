import { makeCell } from "../../core/contracts/notebooks";
import { postmortemCells } from "../../core/oncall/postmortem";
import { getMonitor } from "../db/monitors";
import { eventStatement, getIncident } from "../db/incidents";
import { insertNotebook, setNotebookTeam } from "../db/notebooks";
import { newId } from "../lib/crypto";
import { incidentDetail } from "./incident-views";
import type { ServiceEdgesOf } from "./service-edges";

/**
 * Start an incident's postmortem: a notebook holding its summary, the timeline in words and each alert as
 * evidence (core/oncall/postmortem.ts), owned by the person who starts it and shared with the team that owns the
 * likely root's monitor, so the responders can write it together. Once started, the same notebook is answered.
 */
export async function startPostmortem(
  db: D1Database,
  incidentId: string,
  userId: string,
  now: number,
  edgesOf?: ServiceEdgesOf,
): Promise<{ notebookId: string; created: boolean } | null> {
  const inc = await getIncident(db, incidentId);
  if (!inc) return null;
  const d = await incidentDetail(db, inc, edgesOf);
  if (d.postmortem) return { notebookId: d.postmortem, created: false };
  const cells = postmortemCells(
    {
      id: inc.id,
      title: inc.title,
      severity: inc.severity,
      status: inc.status,
      openedAt: inc.openedAt,
      resolvedAt: inc.resolvedAt,
      commander: d.incident.commander ? `@${d.incident.commander.handle}` : null,
    },
    d.alerts,
    d.timeline,
    d.timelineTruncated,
  ).map((c) => makeCell(c, newId("cell"), userId, now));
  const nb = await insertNotebook(db, {
    id: newId("nb"),
    owner: userId,
    title: `Postmortem: ${inc.title}`.slice(0, 200),
    cells,
    createdAt: now,
    updatedAt: now,
  });
  const root = d.alerts[0] && (await getMonitor(db, d.alerts[0].monitorId));
  if (root?.teamId) await setNotebookTeam(db, nb.id, root.teamId, now);
  await db.batch([
    eventStatement(db, incidentId, {
      id: newId("ie"),
      kind: "postmortem",
      at: now,
      by: userId,
      data: { notebookId: nb.id },
    }),
  ]);
  return { notebookId: nb.id, created: true };
}
