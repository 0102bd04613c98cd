import { inhibitorsOf } from "../../core/oncall/inhibit";
import { listAlerts } from "../db/alerts";
import type { StoredInhibitRule } from "../db/inhibit-rules";

/** Each rule with the open alerts it holds back now (firing targets with a firing source), as monitors decide it. */
export async function withHolding(db: D1Database, rules: StoredInhibitRule[]) {
  if (!rules.length) return [];
  const open = await listAlerts(db, { state: "active", limit: 500 });
  const sources = open.filter((a) => a.state === "firing").map((a) => ({ id: a.id, labels: a.labels }));
  return rules.map((r) => ({
    ...r,
    holding: open.flatMap((a) => {
      const by = inhibitorsOf({ id: a.id, labels: a.labels }, [r], sources);
      return by.length ? [{ id: a.id, monitorName: a.monitorName, inhibitedBy: by }] : [];
    }),
  }));
}
