// The few things on-call correlation asks of an alert's or a change's labels: which service, and where. Label
// names differ between OpenTelemetry resources, Prometheus exporters and webhooks, so each key has its aliases.
import type { Labels } from "../alerting/types";

const ALIASES = {
  service: ["service", "service.name", "service_name"],
  environment: [
    "environment",
    "env",
    "deployment.environment.name",
    "deployment.environment",
    "deployment_environment",
  ],
  region: ["region", "cloud.region", "cloud_region"],
  cluster: ["cluster", "k8s.cluster.name", "k8s_cluster_name"],
  namespace: ["namespace", "k8s.namespace.name", "k8s_namespace_name"],
} as const;
export type LabelKey = keyof typeof ALIASES;

/** The label names that name a service, in order of preference. */
export const SERVICE_LABELS: readonly string[] = ALIASES.service;
/** Where something happens: two label sets that both say one of these, differently, are apart. */
export const PLACE_KEYS = ["environment", "region", "cluster", "namespace"] as const satisfies readonly LabelKey[];

/** The value of `key` under any of its names; an empty value is no value. */
export const labelOf = (labels: Labels, key: LabelKey): string | undefined =>
  ALIASES[key].map((n) => labels[n]).find((v) => v !== undefined && v !== "");

export const serviceOf = (labels: Labels): string | null => labelOf(labels, "service") ?? null;

/** False when both say a place key with different values; a key only one side carries is no disagreement. */
export function samePlace(a: Labels, b: Labels): boolean {
  return PLACE_KEYS.every((k) => {
    const [x, y] = [labelOf(a, k), labelOf(b, k)];
    return x === undefined || y === undefined || x === y;
  });
}
