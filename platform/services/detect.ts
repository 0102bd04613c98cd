// Which metric families are stored for a time range, fitted to the pinned scope, and which services each one
// covers. Cheap: the metric names come from the label index, then one label-names and one label-values call
// per family present.
import { METRIC_FAMILIES, serviceFromLabel, type MetricFamily } from "../../core/services/families";
import { resolveFamily, type ResolvedFamily } from "../../core/services/resolve";
import type { ScopeMatcher } from "../../core/scope/promql-scope";
import type { LabelMatcher } from "../../core/promql/types";
import type { Env } from "../env";
import { shardedSeriesSource } from "../metrics/source";

export interface DetectedFamily extends ResolvedFamily {
  /** Services (callers, for client and graph families) with series in the range. */
  services: Set<string>;
}

export interface Detection {
  families: DetectedFamily[];
  /** Families stored but unusable here, with the reason (e.g. no label for a scope key). */
  unusable: { id: string; title: string; reason: string }[];
}

export async function detectFamilies(
  env: Env,
  range: { start: number; end: number },
  scope: ScopeMatcher[],
  catalog: readonly MetricFamily[] = METRIC_FAMILIES,
): Promise<Detection> {
  const source = shardedSeriesSource(env);
  const names = new Set(await source.labelValues("__name__", [], range.start, range.end));
  const present = catalog.filter((f) => names.has(f.count));
  const out: Detection = { families: [], unusable: [] };
  const found = await Promise.all(
    present.map(async (family) => {
      const sel: LabelMatcher[] = [{ name: "__name__", op: "=", value: family.count }, ...family.select];
      const labelNames = new Set(await source.labelNames([sel], range.start, range.end));
      // Named in the index but without samples in the range: nothing to say about it.
      if (labelNames.size === 0) return { family };
      const res = resolveFamily(family, labelNames, scope);
      if (!res.ok) return { family, reason: res.reason };
      const raw = await source.labelValues(
        res.resolved.serviceLabel,
        [[...sel, ...res.resolved.scope]],
        range.start,
        range.end,
      );
      const services = new Set(raw.map((v) => serviceFromLabel(res.resolved.serviceLabel, v)).filter(Boolean));
      return { family, detected: { ...res.resolved, services } };
    }),
  );
  for (const f of found) {
    if ("detected" in f && f.detected) {
      if (f.detected.services.size) out.families.push(f.detected);
    } else if ("reason" in f && f.reason)
      out.unusable.push({ id: f.family.id, title: f.family.title, reason: f.reason ?? "" });
  }
  return out;
}
