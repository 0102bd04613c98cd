// Types for model.mjs.
import type { Rand } from "./rng.mjs";
export interface StoryEvent {
  kind: "deploy" | "rollback";
  at: number;
}
export interface HttpObservation {
  service: string;
  metric: string;
  labels: Record<string, string>;
  counts: Record<string, number>;
  latencies: number[];
  /** Latencies per HTTP status. */
  byStatus?: Record<string, number[]>;
}
export interface EdgeObservation {
  caller: string;
  peer: string;
  operation: string;
  environment: string;
  region: string;
  ok: number;
  error: number;
  latencies: number[];
  /** Latencies per HTTP status (calls into a service) or gRPC status code (calls to the provider). */
  byStatus: Record<string, number[]>;
}
export const BAD_ROUTE_SHARE: number;
export const ATTEMPTS: number;
export const ATTEMPT_SECONDS: number;
export const ORDER_INCIDENT_ERROR: number;
export function badVersionLive(t: number, events: readonly StoryEvent[]): boolean;
export function diurnal(t: number): number;
export function generate(
  t: number,
  dtSec: number,
  events: readonly StoryEvent[],
  rand: Rand,
  rate?: number,
  dayT?: number,
): { http: HttpObservation[]; edges: EdgeObservation[] };
export function errorRatio(
  obs: HttpObservation[],
  where: (o: HttpObservation) => boolean,
): { total: number; errors: number; ratio: number };
