import { isOpen } from "../../core/alerting/types";
import { inhibitorsOf } from "../../core/oncall/inhibit";
import { listAlerts } from "../db/alerts";
import type { StoredInhibitRule } from "../db/inhibit-rules";

/** Each rule with the open alerts it holds back now (targets with a firing or nodata source), as monitors decide it. */
export async function withHolding(db: D1Database, rules: StoredInhibitRule[]) {
  if (!rules.length) return [];
  const open = await listAlerts(db, { state: "active", limit: 500 });
  // A nodata source (firing whose data stopped) still inhibits, as the monitors decide it.
  const sources = open.filter((a) => isOpen(a.state)).map((a) => ({ id: a.id, labels: a.labels }));
  return rules.map((r) => ({
    ...r,
    holding: open.flatMap((a) => {
      const by = inhibitorsOf({ id: a.id, labels: a.labels }, [r], sources);
      return by.length ? [{ id: a.id, monitorName: a.monitorName, inhibitedBy: by }] : [];
    }),
  }));
}
