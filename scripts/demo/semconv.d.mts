// Types for semconv.mjs.
import type { EdgeObservation } from "./model.mjs";
export const SEMCONV_BUCKETS: number[];
export const BUCKETS_MS: number[];
export const SERVER_DURATION: string;
export const CLIENT_DURATION: string;
export const RPC_CLIENT_DURATION: string;
export function serverAttributes(
  ob: { labels: Record<string, string> },
  status: string,
): Record<string, string | number>;
export function clientAttributes(
  e: EdgeObservation,
  status: string,
): { instrument: string; attributes: Record<string, string | number> };
export function asLabels(attrs: Record<string, string | number>): Record<string, string>;
