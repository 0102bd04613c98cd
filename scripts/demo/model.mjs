// The pure traffic model: what every service does at story time t. No I/O, no clock: the emitters ask
// `generate(t, dtSec, ...)` for the requests of one step and turn them into metrics, spans and logs.
import { binomial, lognormal, poisson } from "./rng.mjs";
import {
  BAD_ENVIRONMENT,
  BAD_PROVIDER,
  BAD_REGION,
  ENV_WEIGHT,
  ENVIRONMENTS,
  HEALTHY_PROVIDER,
  READY_DELAY_MS,
  REGIONS,
  ROLLBACK_DELAY_MS,
  SERVICES,
} from "./topology.mjs";

/** @typedef {import("./rng.mjs").Rand} Rand */
/** @typedef {{ kind: "deploy" | "rollback", at: number }} StoryEvent  `at` in story ms */
/** @typedef {{ service: string, metric: string, labels: Record<string, string>, counts: Record<string, number>,
 *   latencies: number[] }} HttpObservation  one label set (no status) with its requests per status and latencies */
/** @typedef {{ caller: string, peer: string, operation: string, environment: string, region: string,
 *   ok: number, error: number, latencies: number[] }} EdgeObservation */

/** Share of /v2/process-payment requests that v3.41.0 routes to the bad host (card payments). */
export const BAD_ROUTE_SHARE = 0.227;
/** The new payment client tries twice before giving up, each attempt ~4.1 s. */
export const ATTEMPTS = 2;
export const ATTEMPT_SECONDS = 4.1;
/** order-service rejects orders whose payment never settled while the incident lasts. */
export const ORDER_INCIDENT_ERROR = 0.06;

/** Whether v3.41.0 is serving (and failing) in production/us-east-1 at story time t.
 * Each event takes effect after its delay (readiness for a deploy, pod replacement for a rollback).
 * @param {number} t @param {readonly StoryEvent[]} events */
export function badVersionLive(t, events) {
  let bad = false;
  const effective = events
    .map((e) => ({ kind: e.kind, at: e.at + (e.kind === "deploy" ? READY_DELAY_MS : ROLLBACK_DELAY_MS) }))
    .sort((a, b) => a.at - b.at);
  for (const e of effective) if (e.at <= t) bad = e.kind === "deploy";
  return bad;
}

/** Traffic multiplier by hour of day (UTC): quiet at night, busy mid-afternoon, within ±12%. @param {number} t */
export function diurnal(t) {
  const hours = (t / 3_600_000) % 24;
  return 1 + 0.12 * Math.sin((2 * Math.PI * (hours - 9)) / 24);
}

/** 5xx mix of ordinary failures. */
const BASE_5XX = [
  ["500", 0.5],
  ["503", 0.35],
  ["504", 0.15],
];

/** Split `n` failures across status codes by weight. @param {Rand} rand @param {number} n @param {[string, number][]} mix
 * @param {Record<string, number>} into */
function spread(rand, n, mix, into) {
  let left = n;
  for (let i = 0; i < mix.length; i++) {
    const [code, w] = mix[i];
    const rest = mix.slice(i).reduce((s, [, x]) => s + x, 0);
    const k = i === mix.length - 1 ? left : binomial(rand, left, w / rest);
    if (k > 0) into[code] = (into[code] ?? 0) + k;
    left -= k;
  }
}

/**
 * Requests of every service during [t, t + dtSec) of story time.
 * @param {number} t story ms @param {number} dtSec @param {readonly StoryEvent[]} events @param {Rand} rand
 * @param {number} [rate] traffic multiplier (--rate)
 * @returns {{ http: HttpObservation[], edges: EdgeObservation[] }}
 */
export function generate(t, dtSec, events, rand, rate = 1) {
  const bad = badVersionLive(t, events);
  const day = diurnal(t);
  /** @type {HttpObservation[]} */
  const http = [];
  /** @type {Map<string, EdgeObservation>} */
  const edges = new Map();
  const edge = (
    /** @type {string} */ caller,
    /** @type {string} */ peer,
    /** @type {string} */ operation,
    /** @type {string} */ env,
    /** @type {string} */ region,
  ) => {
    const key = `${caller}|${peer}|${operation}|${env}|${region}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { caller, peer, operation, environment: env, region, ok: 0, error: 0, latencies: [] }));
    return e;
  };
  const callerOf = {
    "checkout-service": "frontend",
    "payment-gateway": "checkout-service",
    "inventory-service": "checkout-service",
    "order-service": "checkout-service",
  };

  for (const env of ENVIRONMENTS) {
    for (const region of REGIONS) {
      const incident = bad && env === BAD_ENVIRONMENT && region === BAD_REGION;
      let failedCharges = 0; // checkout -> payment-gateway attempts that hit the bad host in this place
      for (const svc of SERVICES) {
        const pods = svc.pods[`${env}/${region}`];
        const version = svc.version(env, region, incident);
        for (const pod of pods) {
          for (const ep of svc.endpoints) {
            const jitter = 1 + 0.06 * (rand() * 2 - 1);
            const mean =
              ((svc.perRegionPerMin / 60) * ENV_WEIGHT[env] * ep.share * day * jitter * rate * dtSec) / pods.length;
            let n = poisson(rand, mean);
            /** @type {Record<string, number>} */
            const counts = {};
            const latencies = [];
            let routedBad = 0;
            if (incident && svc.name === "checkout-service" && ep.endpoint === "/v2/process-payment") {
              routedBad = binomial(rand, n, BAD_ROUTE_SHARE);
              spread(
                rand,
                routedBad,
                [
                  ["503", 0.85],
                  ["504", 0.15],
                ],
                counts,
              );
              for (let i = 0; i < routedBad; i++) latencies.push(ATTEMPTS * ATTEMPT_SECONDS + 0.05 + rand() * 0.15);
              failedCharges += routedBad * ATTEMPTS;
            }
            let badAttempts = 0;
            if (incident && svc.name === "payment-gateway") {
              // The bad attempts come on top of the normal charges; split them evenly over the pods.
              badAttempts =
                Math.floor(failedCharges / pods.length) + (pod === pods[0] ? failedCharges % pods.length : 0);
              counts["503"] = (counts["503"] ?? 0) + badAttempts;
              for (let i = 0; i < badAttempts; i++) latencies.push(ATTEMPT_SECONDS + rand() * 0.08);
            }
            const normal = n - routedBad;
            const errRatio = incident && svc.name === "order-service" ? ORDER_INCIDENT_ERROR : svc.baseError;
            const errors = binomial(rand, normal, errRatio);
            spread(rand, errors, /** @type {[string, number][]} */ (BASE_5XX), counts);
            const clientErrors = ep.method === "POST" ? binomial(rand, normal - errors, 0.004) : 0;
            if (clientErrors > 0) counts["400"] = clientErrors;
            const ok = normal - errors - clientErrors;
            if (ok > 0) counts[ep.ok] = (counts[ep.ok] ?? 0) + ok;
            for (let i = 0; i < normal; i++)
              latencies.push(lognormal(rand, ep.median, ep.p99) * (i < errors ? 2.5 : 1));
            n += badAttempts;
            if (n === 0) continue;
            http.push({
              service: svc.name,
              metric: svc.metric,
              labels: {
                service: svc.name,
                environment: env,
                region,
                endpoint: ep.endpoint,
                method: ep.method,
                pod,
                "deployment.version": version,
              },
              counts,
              latencies,
            });
            const failed = Object.entries(counts)
              .filter(([c]) => c.startsWith("5"))
              .reduce((s, [, k]) => s + k, 0);
            const caller = /** @type {Record<string, string>} */ (callerOf)[svc.name];
            if (caller) {
              const e = edge(caller, svc.name, `${ep.method} ${ep.endpoint}`, env, region);
              e.ok += n - failed;
              e.error += failed;
              for (const l of latencies) e.latencies.push(l + 0.002);
            }
            if (svc.name === "payment-gateway") {
              const healthy = edge(svc.name, HEALTHY_PROVIDER, "grpc.PaymentProcessor/ChargeCard", env, region);
              healthy.ok += normal - errors;
              healthy.error += errors;
              for (let i = badAttempts; i < latencies.length; i++) healthy.latencies.push(latencies[i] * 0.8);
              if (badAttempts > 0) {
                const broken = edge(svc.name, BAD_PROVIDER, "grpc.PaymentProcessor/ChargeCard", env, region);
                broken.error += badAttempts;
                for (let i = 0; i < badAttempts; i++) broken.latencies.push(latencies[i] - 0.01);
              }
            }
          }
        }
      }
    }
  }
  return { http, edges: [...edges.values()] };
}

/** Sum of requests and of 5xx over observations matching `where`. @param {HttpObservation[]} obs
 * @param {(o: HttpObservation) => boolean} where */
export function errorRatio(obs, where) {
  let total = 0;
  let errors = 0;
  for (const o of obs) {
    if (!where(o)) continue;
    for (const [code, n] of Object.entries(o.counts)) {
      total += n;
      if (code.startsWith("5")) errors += n;
    }
  }
  return { total, errors, ratio: total ? errors / total : 0 };
}
