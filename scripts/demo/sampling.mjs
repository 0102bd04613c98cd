// Which requests of a step become traces: a few per second overall, errors kept ten times more often (as a
// tail sampler would), so the failing ChargeCard calls are always there to find.
import { binomial, lognormal } from "./rng.mjs";
import { ATTEMPT_SECONDS, ATTEMPTS } from "./model.mjs";
import { BAD_VERSION, SERVICE_BY_NAME } from "./topology.mjs";

/** @typedef {import("./model.mjs").HttpObservation} HttpObservation */
/** @typedef {import("./traces.mjs").SampledRequest} SampledRequest */

/**
 * @param {HttpObservation[]} http one step's observations @param {number} wallStart ms @param {number} dtSec
 * @param {number} perSecond wanted traces per second @param {import("./rng.mjs").Rand} rand
 * @returns {SampledRequest[]}
 */
export function sampleRequests(http, wallStart, dtSec, perSecond, rand) {
  const checkout = http.filter((o) => o.service === "checkout-service");
  let total = 0;
  for (const o of checkout) for (const n of Object.values(o.counts)) total += n;
  if (total === 0 || perSecond <= 0) return [];
  const okProb = Math.min(1, (perSecond * dtSec) / total);
  const errProb = Math.min(1, okProb * 10);
  /** @type {SampledRequest[]} */
  const out = [];
  const endpoints = SERVICE_BY_NAME["checkout-service"].endpoints;
  for (const o of checkout) {
    const ep = endpoints.find((e) => e.endpoint === o.labels.endpoint && e.method === o.labels.method);
    if (!ep) continue;
    for (const [status, n] of Object.entries(o.counts)) {
      const failed = status.startsWith("5");
      const k = binomial(rand, n, failed ? errProb : okProb);
      for (let i = 0; i < k; i++) {
        const routedBad =
          failed &&
          o.labels["deployment.version"] === BAD_VERSION &&
          ep.endpoint === "/v2/process-payment" &&
          status !== "500";
        const seconds = routedBad
          ? ATTEMPTS * ATTEMPT_SECONDS + 0.05 + rand() * 0.15
          : lognormal(rand, ep.median, ep.p99) * (failed ? 2.5 : 1);
        out.push({
          environment: o.labels.environment,
          region: o.labels.region,
          endpoint: ep.endpoint,
          method: ep.method,
          status,
          pod: o.labels.pod,
          version: o.labels["deployment.version"],
          start: wallStart + rand() * dtSec * 1000,
          seconds,
          routedBad,
        });
      }
    }
  }
  return out;
}
