import type { MonitorDef, MonitorInput } from "../../core/contracts/alerting";
import { ApiError } from "../../core/contracts/errors";
import { parsePromQL } from "../../core/promql/parse";
import type { Env } from "../env";

export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 100) || "monitor"
  );
}

/** The query must parse; the error names the problem the way the PromQL engine reports it. */
export function checkQuery(query: string): void {
  try {
    parsePromQL(query);
  } catch (err) {
    throw new ApiError("VALIDATION", `query: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function toDef(
  input: MonitorInput,
  base: { id: string; slug: string; version: number; createdBy: string; createdAt: number; now: number },
): MonitorDef {
  const { slug: _slug, conditions, repeatInterval, flapping, ...rest } = input;
  return {
    ...rest,
    id: base.id,
    slug: base.slug,
    version: base.version,
    conditions: conditions.map((c) => ({
      severity: c.severity,
      operator: c.operator,
      threshold: c.threshold,
      sustainMs: c.sustain,
      resolveWindowMs: c.resolveWindow,
    })),
    repeatIntervalMs: repeatInterval,
    flapping: { enabled: flapping.enabled, changes: flapping.changes, windowMs: flapping.window },
    createdBy: base.createdBy,
    createdAt: base.createdAt,
    updatedAt: base.now,
  };
}

export function monitorStub(env: Env, id: string) {
  return env.MONITOR.get(env.MONITOR.idFromName(id));
}
