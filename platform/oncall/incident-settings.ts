import { type IncidentSettingsView, incidentSettingsSchema } from "../../core/contracts/incidents";
import { DEFAULT_INCIDENT_GROUP_BY } from "../../core/oncall/incidents";
import { getSetting, putSetting } from "../db/workspace-settings";

const GROUP_BY_KEY = "incidents.group_by";

/**
 * The labels firing alerts are grouped by. A stored value that no longer validates (a rule tightened since) falls
 * back to the default rather than stopping grouping.
 */
export async function incidentSettings(db: D1Database): Promise<IncidentSettingsView> {
  const s = await getSetting(db, GROUP_BY_KEY);
  const parsed = incidentSettingsSchema.shape.groupBy.safeParse(s?.value);
  if (!s || !parsed.success) return { groupBy: [...DEFAULT_INCIDENT_GROUP_BY], updatedAt: null, updatedBy: null };
  return { groupBy: parsed.data, updatedAt: s.updatedAt, updatedBy: s.updatedBy };
}

export async function setIncidentGroupBy(db: D1Database, groupBy: string[], by: string, now: number) {
  await putSetting(db, GROUP_BY_KEY, groupBy, by, now);
}
