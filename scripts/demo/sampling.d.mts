// Types for sampling.mjs.
import type { Rand } from "./rng.mjs";
import type { HttpObservation } from "./model.mjs";
export interface SampledRequest {
  environment: string;
  region: string;
  endpoint: string;
  method: string;
  status: string;
  pod: string;
  version: string;
  start: number;
  seconds: number;
  routedBad: boolean;
}
export function sampleRequests(
  http: HttpObservation[],
  wallStart: number,
  dtSec: number,
  perSecond: number,
  rand: Rand,
): SampledRequest[];
