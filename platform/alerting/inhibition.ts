import { type Inhibition, possibleSources } from "../../core/oncall/inhibit";
import { firingAlertLabels, listInhibitRules } from "../db/inhibit-rules";

/** Firing alerts read per check as possible sources: far above a real incident's count, bounded for memory. */
export const MAX_INHIBIT_SOURCES = 5000;

/**
 * The rules and the firing alerts (as mirrored to D1) that could inhibit: one small read when no rule exists,
 * two otherwise. A monitor's own alerts come from its state instead (durable/monitor/plan.ts).
 */
export async function loadInhibition(db: D1Database): Promise<Inhibition> {
  const rules = await listInhibitRules(db);
  if (!rules.length) return { rules, sources: [] };
  const firing = await firingAlertLabels(db, MAX_INHIBIT_SOURCES);
  if (firing.length === MAX_INHIBIT_SOURCES)
    console.warn(`inhibition: ${MAX_INHIBIT_SOURCES} firing alerts read; older firing alerts are not sources`);
  return { rules, sources: possibleSources(rules, firing) };
}
