// Types for topology.mjs.
export const ENVIRONMENTS: readonly ["production", "staging"];
export const REGIONS: readonly ["us-east-1", "us-west-2"];
export const GOOD_VERSION: string;
export const BAD_VERSION: string;
export const BAD_REGION: string;
export const BAD_ENVIRONMENT: string;
export const HEALTHY_PROVIDER: string;
export const BAD_PROVIDER: string;
export const CHARGE_OPERATION: string;
export const READY_DELAY_MS: number;
export const ROLLBACK_DELAY_MS: number;
export const ENV_WEIGHT: Record<string, number>;
export interface Endpoint {
  endpoint: string;
  method: string;
  share: number;
  ok: string;
  median: number;
  p99: number;
  calls: string[];
}
export interface Service {
  name: string;
  metric: string;
  version: (env: string, region: string, bad: boolean) => string;
  perRegionPerMin: number;
  baseError: number;
  pods: Record<string, string[]>;
  endpoints: Endpoint[];
}
export const SERVICES: Service[];
export const SERVICE_BY_NAME: Record<string, Service>;
export const BUCKETS: number[];
export const NAMESPACE: string;
