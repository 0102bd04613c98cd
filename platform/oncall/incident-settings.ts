import {
  type IncidentSettings,
  type IncidentSettingsView,
  incidentGroupBySchema,
} from "../../core/contracts/incidents";
import { DEFAULT_INCIDENT_GROUP_BY } from "../../core/oncall/incidents";
import { z } from "zod";
import { getSetting, putSetting, type StoredSetting } from "../db/workspace-settings";

const GROUP_BY_KEY = "incidents.group_by";
const CORRELATE_KEY = "incidents.correlate";
const correlateSchema = z.object({ serviceGraph: z.boolean(), changeEvents: z.boolean() });
const DEFAULT_CORRELATE = { serviceGraph: true, changeEvents: true };

const newest = (...s: (StoredSetting | null)[]) =>
  s.reduce<StoredSetting | null>((a, b) => (b && (!a || b.updatedAt > a.updatedAt) ? b : a), null);

/**
 * The labels firing alerts are grouped by and which correlation rules apply. A stored value that no longer
 * validates (a rule tightened since) falls back to the default rather than stopping grouping.
 */
export async function incidentSettings(db: D1Database): Promise<IncidentSettingsView> {
  const [g, c] = await Promise.all([getSetting(db, GROUP_BY_KEY), getSetting(db, CORRELATE_KEY)]);
  const groupBy = incidentGroupBySchema.safeParse(g?.value);
  const correlate = correlateSchema.safeParse(c?.value);
  const last = newest(g, c);
  return {
    groupBy: g && groupBy.success ? groupBy.data : [...DEFAULT_INCIDENT_GROUP_BY],
    ...(c && correlate.success ? correlate.data : DEFAULT_CORRELATE),
    updatedAt: last?.updatedAt ?? null,
    updatedBy: last?.updatedBy ?? null,
  };
}

/** Store what the PUT gave; a field left out keeps its value. */
export async function setIncidentSettings(db: D1Database, input: IncidentSettings, by: string, now: number) {
  if (input.groupBy) await putSetting(db, GROUP_BY_KEY, input.groupBy, by, now);
  if (input.serviceGraph !== undefined || input.changeEvents !== undefined) {
    const current = await incidentSettings(db);
    await putSetting(
      db,
      CORRELATE_KEY,
      {
        serviceGraph: input.serviceGraph ?? current.serviceGraph,
        changeEvents: input.changeEvents ?? current.changeEvents,
      },
      by,
      now,
    );
  }
}
