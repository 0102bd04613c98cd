// Fit a metric family to the series actually stored: which label names the service (and the callee), and
// which label each pinned-scope key means on these series. A scope key the family has no label for makes the
// family unusable under that scope: its figures would silently include everything the scope excludes.
import type { ScopeMatcher } from "../scope/promql-scope";
import type { LabelMatcher } from "../promql/types";
import type { MetricFamily } from "./families";

/** Friendly scope keys and the names OpenTelemetry resources and exporters give them. */
const SCOPE_ALIASES: Record<string, string[]> = {
  environment: [
    "environment",
    "deployment.environment.name",
    "deployment.environment",
    "deployment_environment_name",
    "deployment_environment",
    "env",
  ],
  env: ["env", "environment", "deployment.environment.name", "deployment.environment", "deployment_environment"],
  region: ["region", "cloud.region", "cloud_region"],
  version: ["version", "deployment.version", "service.version", "deployment_version", "service_version"],
  pod: ["pod", "k8s.pod.name", "k8s_pod_name"],
  namespace: ["namespace", "k8s.namespace.name", "k8s_namespace_name"],
};

export function scopeLabelCandidates(key: string): string[] {
  const own = SCOPE_ALIASES[key] ?? [key];
  const extra = [key.replaceAll(".", "_")];
  for (const [friendly, names] of Object.entries(SCOPE_ALIASES)) if (names.includes(key)) extra.push(friendly);
  return [...new Set([...own, ...extra])];
}

export interface ResolvedFamily {
  family: MetricFamily;
  serviceLabel: string;
  peerLabel?: string;
  /** The pinned scope in this family's label names. */
  scope: LabelMatcher[];
}

export type Resolution = { ok: true; resolved: ResolvedFamily } | { ok: false; reason: string };

export function resolveFamily(
  family: MetricFamily,
  labelNames: ReadonlySet<string>,
  scope: ScopeMatcher[],
): Resolution {
  const first = (names: readonly string[]) => names.find((n) => labelNames.has(n));
  const serviceLabel = family.role === "graph" ? (family.clientLabel ?? "") : first(family.serviceLabels);
  if (serviceLabel === undefined || (family.role === "graph" && !labelNames.has(serviceLabel)))
    return { ok: false, reason: `${family.count} has no label naming the service` };
  const peerLabel = family.role === "client" ? first(family.peerLabels ?? []) : family.serverLabel;
  if (family.role !== "server" && (peerLabel === undefined || !labelNames.has(peerLabel)))
    return { ok: false, reason: `${family.count} has no label naming the callee` };
  const matchers: LabelMatcher[] = [];
  for (const s of scope) {
    const isService = s.label === "service" || s.label === "service.name";
    const label = isService && family.role !== "graph" ? serviceLabel : first(scopeLabelCandidates(s.label));
    if (!label) return { ok: false, reason: `${family.count} has no label for the scope's ${s.label}` };
    matchers.push(serviceMatcher(label, s.op, s.value));
  }
  return { ok: true, resolved: { family, serviceLabel, peerLabel, scope: matchers } };
}

/** RE2 metacharacters escaped, so a name is matched literally inside a regex. */
export function quoteRegex(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}

/** A matcher on the service label; on `job` an equality also accepts `namespace/service`. */
export function serviceMatcher(label: string, op: LabelMatcher["op"], value: string): LabelMatcher {
  if (label !== "job") return { name: label, op, value };
  if (op === "=") return { name: label, op: "=~", value: `(?:.*/)?${quoteRegex(value)}` };
  if (op === "!=") return { name: label, op: "!~", value: `(?:.*/)?${quoteRegex(value)}` };
  return { name: label, op, value: `(?:.*/)?(?:${value})` };
}
