// The burn-rate monitors an SLO generates and owns: one per policy, checked against the SLO's roll-ups.
import type { MonitorDef } from "../../core/contracts/alerting";
import type { SloDef, SloInput, SloPolicy } from "../../core/contracts/slos";
import { formatDuration } from "../../core/promql/format";
import { burnQuery } from "../../core/slo/sli";
import { slugify } from "../alerting/monitor-def";

/** Keep each policy's monitor id across edits (matched by name, then by position); new policies get new ids. */
export function assignMonitorIds(
  policies: SloInput["alerting"]["policies"],
  previous: readonly SloPolicy[],
  newId: () => string,
): SloPolicy[] {
  const unused = [...previous];
  return policies.map((p, i) => {
    const byName = unused.findIndex((q) => q.name === p.name);
    const byPos = byName >= 0 ? -1 : unused.indexOf(previous[i]);
    const j = byName >= 0 ? byName : byPos;
    const monitorId = j >= 0 ? unused.splice(j, 1)[0].monitorId : newId();
    return {
      name: p.name,
      severity: p.severity,
      burnRate: p.burnRate,
      longWindowMs: p.longWindow,
      shortWindowMs: p.shortWindow,
      monitorId,
    };
  });
}

const pct = (objective: number) => `${Number((objective * 100).toPrecision(6))} %`;

export function policyMonitor(
  slo: SloDef,
  p: SloPolicy,
  base: { version: number; teamName: string; createdAt: number; now: number },
): MonitorDef {
  const windows = `${formatDuration(p.longWindowMs)} and ${formatDuration(p.shortWindowMs)}`;
  return {
    id: p.monitorId,
    slug: `${slo.slug}-${slugify(p.name)}`.slice(0, 100),
    version: base.version,
    name: `${slo.name}: ${p.name}`,
    collection: slo.collection,
    team: base.teamName,
    teamId: slo.teamId,
    collectionId: null,
    query: burnQuery(slo.sli, slo.groupBy, slo.objective, p.longWindowMs, p.shortWindowMs),
    // The short window decides how soon a burn is seen: check at least five times within it.
    intervalSeconds: p.shortWindowMs <= 5 * 60_000 ? 15 : 60,
    conditions: [{ severity: p.severity, operator: ">", threshold: p.burnRate, sustainMs: 0, resolveWindowMs: 0 }],
    signals: slo.groupBy.length ? { mode: "labels", keys: [...slo.groupBy] } : { mode: "monitor" },
    noData: "ok",
    annotations: {
      summary: `${slo.name} (${pct(slo.objective)}) is spending its error budget {{ $value | printf "%.1f" }}x too fast over ${windows}`,
      description: `Policy "${p.name}": burn rate above ${p.burnRate} over both ${windows}. At that rate the ${slo.window} budget lasts ${formatDuration(Math.round((Number.parseInt(slo.window, 10) * 86_400_000) / p.burnRate))}.`,
      slo: `/slos/${slo.id}`,
    },
    channels: [...slo.alerting.channels],
    repeatIntervalMs: 3_600_000,
    labels: { slo: slo.slug, slo_policy: slugify(p.name) },
    enabled: slo.alerting.enabled,
    slo: { id: slo.id, name: slo.name, policy: p.name, longWindowMs: p.longWindowMs, shortWindowMs: p.shortWindowMs },
    createdBy: slo.createdBy,
    createdAt: base.createdAt,
    updatedAt: base.now,
  };
}
