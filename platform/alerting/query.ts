import type { Sample } from "../../core/alerting/types";
import type { MonitorDef } from "../../core/contracts/alerting";
import { policyValue } from "../../core/slo/burn";
import { sloStub } from "../slo/client";
import { createEngine } from "../../core/promql/engine";
import type { Env } from "../env";
import { promqlSemantics } from "../metrics/engine";
import { shardedSeriesSource } from "../metrics/source";

/** Cap on series one check may produce: a monitor query that explodes is an error, not a memory spike. */
export const MAX_SERIES_PER_CHECK = 10_000;

/** The monitor's query at one instant, as plain samples for the state machine. Scalars become one label-less sample. */
export async function instantSamples(env: Env, query: string, at: number): Promise<Sample[]> {
  const engine = createEngine(shardedSeriesSource(env), {
    timeoutMs: 20_000,
    maxSamples: 5_000_000,
    ...promqlSemantics(env),
  });
  const rows = await engine.instantQueryNumeric(query, at);
  if (rows.length > MAX_SERIES_PER_CHECK)
    throw new Error(`query returned ${rows.length} series; the limit per monitor check is ${MAX_SERIES_PER_CHECK}`);
  return rows.map((r) => ({ labels: r.labels, value: r.values.length ? r.values[r.values.length - 1] : NaN }));
}

/** What one check of this monitor sees at `at`: its query's samples, or for an SLO's burn-rate monitor the
 * policy's burn rate per group (the lower of its two windows), read from the SLO's roll-ups. */
export async function monitorSamples(env: Env, def: MonitorDef, at: number): Promise<Sample[]> {
  if (!def.slo) return instantSamples(env, def.query, at);
  const groups = await sloStub(env, def.slo.id).burn(def.slo.longWindowMs, def.slo.shortWindowMs, at);
  const out: Sample[] = [];
  for (const g of groups) {
    const v = policyValue(g.long, g.short);
    if (v !== null) out.push({ labels: g.labels, value: v });
  }
  return out;
}
