// Fault-injection scenarios for the DDx benchmark: a small fleet (3 regions x 4 pods, 6 endpoints, 3 tiers)
// with one labelled fault per scenario (two for "concurrent"). Deterministic from the scenario index.
import type { Labels } from "../../core/promql/types";
import { seededRng } from "../../core/random";
import type { SynthSeries } from "../../test/fixtures/ddx/synthetic";

export const MIN = 60_000;
/** Window start; the default baseline is the hour before. */
export const T = Date.UTC(2026, 10, 24, 12, 0);
export const WINDOW = { start: T, end: T + 15 * MIN };
export const BASELINE = { start: T - 60 * MIN, end: T };

export type Kind =
  | "bad-version"
  | "bad-pod"
  | "bad-region"
  | "bad-endpoint"
  | "noisy-high-cardinality"
  | "slow-dependency"
  | "hidden-cardinality-1"
  | "two-concurrent"
  | "started-before-baseline-end"
  | "low-traffic"
  | "traffic-drop";
export const KINDS: Kind[] = [
  "bad-version",
  "bad-pod",
  "bad-region",
  "bad-endpoint",
  "noisy-high-cardinality",
  "slow-dependency",
  "hidden-cardinality-1",
  "two-concurrent",
  "started-before-baseline-end",
  "low-traffic",
  "traffic-drop",
];

export interface Scenario {
  id: string;
  kind: Kind;
  /** The metric (for the ingest mode) and whether it is a counter DDx should rate(). */
  metric: string;
  culprits: string[];
  series: SynthSeries[];
  /** Labels the query itself constrains (none here: the selector is just the metric). */
  symptomLabels: string[];
}

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];
const ENDPOINTS = [
  { e: "/login", w: 0.2 },
  { e: "/search", w: 0.3 },
  { e: "/cart", w: 0.15 },
  { e: "/checkout", w: 0.1 },
  { e: "/pay", w: 0.1 },
  { e: "/profile", w: 0.15 },
];
const TIERS = [
  { t: "free", w: 0.6 },
  { t: "pro", w: 0.3 },
  { t: "enterprise", w: 0.1 },
];
const PEERS = ["users-db", "search-index", "cart-cache", "payments-api", "inventory-api", "auth-api"];

const pods = REGIONS.flatMap((r) =>
  [0, 1, 2, 3].map((i) => ({ region: r, pod: `api-${r.slice(0, 2)}${r.slice(-1)}-${"abcd"[i]}${i}x7` })),
);

interface Fault {
  match: (l: Labels) => boolean;
  /** Extra error rate as a fraction of the series' traffic (or a traffic/latency multiplier for those kinds). */
  size: number;
  from: number;
}

function pick<T>(rnd: () => number, xs: T[]): T {
  return xs[Math.floor(rnd() * xs.length)];
}

/** Daily traffic ramp shared by every series (set per scenario): everything rises alike, which fools
 * per-value z-scores on the big values while shares stay put. */
let ramp = 0;
const trafficAt = (t: number) => 1 + ramp * ((t - BASELINE.start) / (WINDOW.end - BASELINE.start));

/** Errors per second of one series: a base ratio of its traffic plus any active fault. */
function errorSeries(
  labels: Labels,
  traffic: number,
  faults: Fault[],
  jitter: () => number,
  exists: (t: number) => boolean = () => true,
): SynthSeries {
  const base = traffic * 0.002 * (0.7 + 0.6 * jitter());
  return {
    labels,
    rate: (t) => {
      if (!exists(t)) return null;
      let r = base;
      for (const f of faults) if (t >= f.from && f.match(labels)) r += traffic * f.size;
      return r * trafficAt(t);
    },
  };
}

function fleet(
  name: string,
  scale: number,
  faults: Fault[],
  rnd: () => number,
  extra?: (l: Labels) => Labels,
  versionOf?: (pod: string) => { v: string; from?: number; pod?: string }[],
): SynthSeries[] {
  const out: SynthSeries[] = [];
  for (const p0 of pods) {
    const versions = versionOf?.(p0.pod) ?? [{ v: "v1.8.0" }];
    versions.forEach((ver, vi) => {
      // A rollout replaces the pod: the new version runs under a new pod name, as in Kubernetes.
      const p = { ...p0, pod: ver.pod ?? p0.pod };
      const until = versions[vi + 1]?.from ?? Infinity;
      const since = ver.from ?? -Infinity;
      for (const e of ENDPOINTS) {
        for (const tier of TIERS) {
          let labels: Labels = {
            __name__: name,
            region: p.region,
            pod: p.pod,
            version: ver.v,
            endpoint: e.e,
            tier: tier.t,
          };
          if (extra) labels = extra(labels);
          const traffic = 25 * scale * e.w * tier.w;
          out.push(errorSeries(labels, traffic, faults, rnd, (t) => t >= since && t < until));
        }
      }
    });
  }
  return out;
}

export function buildScenario(index: number): Scenario {
  const kind = KINDS[index % KINDS.length];
  const rnd = seededRng(1000 + index * 7919);
  const id = `s${String(index).padStart(2, "0")}-${kind}`;
  const size = 0.004 + rnd() * 0.05;
  ramp = 0.1 + rnd() * 0.7;
  const at = WINDOW.start;
  const errors = "app_errors_total";
  const sc = (culprits: string[], series: SynthSeries[], metric = errors): Scenario => ({
    id,
    kind,
    metric,
    culprits,
    series,
    symptomLabels: [],
  });
  switch (kind) {
    case "bad-version": {
      const canary = [pick(rnd, pods).pod, pick(rnd, pods).pod];
      const f: Fault = { match: (l) => l.version === "v1.9.0", size, from: at };
      return sc(
        ["version=v1.9.0"],
        fleet(errors, 1, [f], rnd, undefined, (pod) =>
          canary.includes(pod)
            ? [{ v: "v1.8.0" }, { v: "v1.9.0", from: at, pod: `${pod.slice(0, -4)}n${pod.slice(-3)}` }]
            : [{ v: "v1.8.0" }],
        ),
      );
    }
    case "bad-pod": {
      const pod = pick(rnd, pods).pod;
      return sc([`pod=${pod}`], fleet(errors, 1, [{ match: (l) => l.pod === pod, size: size * 2, from: at }], rnd));
    }
    case "bad-region": {
      const region = pick(rnd, REGIONS);
      return sc([`region=${region}`], fleet(errors, 1, [{ match: (l) => l.region === region, size, from: at }], rnd));
    }
    case "bad-endpoint":
    case "started-before-baseline-end":
    case "low-traffic": {
      const endpoint = pick(rnd, ENDPOINTS).e;
      const from = kind === "started-before-baseline-end" ? at - (8 + Math.floor(rnd() * 8)) * MIN : at;
      const scale = kind === "low-traffic" ? 0.04 : 1;
      return sc(
        [`endpoint=${endpoint}`],
        fleet(
          errors,
          scale,
          [{ match: (l) => l.endpoint === endpoint, size: kind === "low-traffic" ? 0.3 + size : size, from }],
          rnd,
        ),
      );
    }
    case "noisy-high-cardinality": {
      // 30 customers with bursty, fault-independent errors; the fault is on one endpoint.
      const endpoint = pick(rnd, ENDPOINTS).e;
      const out: SynthSeries[] = [];
      const burst = seededRng(index);
      for (let c = 0; c < 30; c++) {
        const customer = `cust-${1000 + c}`;
        const bursty = new Map<number, number>();
        for (const p of pods.filter((_, i) => i % 3 === c % 3)) {
          for (const e of ENDPOINTS) {
            const traffic = 25 * e.w * 0.1;
            const labels = { __name__: errors, region: p.region, pod: p.pod, endpoint: e.e, customer };
            const base = errorSeries(labels, traffic, [{ match: (l) => l.endpoint === endpoint, size, from: at }], rnd);
            out.push({
              labels,
              rate: (t) => {
                const step = Math.floor(t / MIN);
                if (!bursty.has(step)) bursty.set(step, burst() < 0.08 ? 20 + burst() * 40 : 1);
                return (base.rate(t) ?? 0) * bursty.get(step)!;
              },
            });
          }
        }
      }
      return sc([`endpoint=${endpoint}`], out);
    }
    case "slow-dependency": {
      // Seconds of client latency per second, by peer: one dependency becomes 5-15x slower.
      const peer = pick(rnd, PEERS);
      const slow = 2 + rnd() * 4;
      const out: SynthSeries[] = [];
      for (const p of pods) {
        for (const q of PEERS) {
          const calls = 8 * (0.5 + rnd());
          const latency = 0.02 + rnd() * 0.05;
          out.push({
            labels: {
              __name__: "rpc_client_duration_seconds_sum",
              region: p.region,
              pod: p.pod,
              peer: q,
              transport: rnd() < 0.5 ? "grpc" : "http",
            },
            rate: (t) => calls * latency * trafficAt(t) * (q === peer && t >= at ? slow : 1),
          });
        }
      }
      return sc([`peer=${peer}`], out, "rpc_client_duration_seconds_sum");
    }
    case "hidden-cardinality-1": {
      // Only some series carry `feature_flag` (one value); the fault is exactly on them.
      const flagged = new Set([pick(rnd, ENDPOINTS).e, pick(rnd, ENDPOINTS).e]);
      const tier = pick(rnd, TIERS).t;
      const has = (l: Labels) => flagged.has(l.endpoint) && l.tier === tier;
      return sc(
        ["feature_flag=new-pricing"],
        fleet(errors, 1, [{ match: (l) => l.feature_flag === "new-pricing", size: size * 2, from: at }], rnd, (l) =>
          has(l) ? { ...l, feature_flag: "new-pricing" } : l,
        ),
      );
    }
    case "two-concurrent": {
      const endpoint = pick(rnd, ENDPOINTS).e;
      const pod = pick(rnd, pods).pod;
      return sc(
        [`endpoint=${endpoint}`, `pod=${pod}`],
        fleet(
          errors,
          1,
          [
            { match: (l) => l.endpoint === endpoint, size, from: at },
            { match: (l) => l.pod === pod, size: size * 2, from: at },
          ],
          rnd,
        ),
      );
    }
    case "traffic-drop": {
      // Requests per second; one region loses most of its traffic (a drop, not a rise).
      const region = pick(rnd, REGIONS);
      const out: SynthSeries[] = [];
      for (const p of pods)
        for (const e of ENDPOINTS) {
          const traffic = 25 * e.w * (0.8 + 0.4 * rnd());
          out.push({
            labels: { __name__: "app_requests_total", region: p.region, pod: p.pod, endpoint: e.e },
            rate: (t) => traffic * trafficAt(t) * (p.region === region && t >= at ? 0.1 + 3 * size : 1),
          });
        }
      return sc([`region=${region}`], out, "app_requests_total");
    }
  }
}

export function buildScenarios(n = 55): Scenario[] {
  return Array.from({ length: n }, (_, i) => buildScenario(i));
}
