// DDx: the metric and trace snapshots and the alert's investigation (shapes from core/contracts/ddx.ts).
import { investigationSchema, metricDdxSchema, traceDdxSchema } from "../../../core/contracts/ddx";
import { api } from "./client";

export type { AlertInvestigation, MetricDdx, RankedRow, TraceDdx } from "../../../core/contracts/ddx";

export const ddxQueries = {
  metric: (req: unknown) => ["ddx", "metric", req] as const,
  investigation: (alertId: string) => ["ddx", "investigation", alertId] as const,
};

export type DdxSignal = "auto" | "rate" | "volume";

export const runMetricDdx = (req: {
  query: string;
  window: { start: number; end: number };
  baseline: { mode: string };
  scope: { name: string; op: "="; value: string }[];
  signal: DdxSignal;
}) => api("/api/ddx/metrics", metricDdxSchema, { method: "POST", body: req });

export type TraceDdxComparison = "errors" | "window" | "slow";

export interface TraceDdxInput {
  service?: string;
  operation?: string;
  window: { start: number; end: number };
  comparison: TraceDdxComparison;
  thresholdMs?: number;
  scope: { name: string; op: "="; value: string }[];
}

export const traceDdxKey = (req: TraceDdxInput) => ["ddx", "traces", req] as const;
export const runTraceDdx = (req: TraceDdxInput) =>
  api("/api/ddx/traces", traceDdxSchema, { method: "POST", body: req });

export const getInvestigation = (alertId: string) =>
  api(`/api/alerts/${encodeURIComponent(alertId)}/investigation`, investigationSchema);
