// Deterministic checkout-shaped traces for the benchmark, produced in batches (so a million spans never
// sit in memory as objects) together with compact columns for the in-memory reference scan.
import type { SpanRecord } from "../../core/otlp/traces/types";
import { seededRng } from "../../core/traces/reservoir";

export const SERVICES = ["frontend", "checkout-service", "payment-gateway", "inventory-service"] as const;
export const OPERATIONS = [
  "GET /checkout",
  "POST /v2/process-payment",
  "grpc.PaymentProcessor/ChargeCard",
  "GET /reserve",
] as const;
export const VERSIONS = ["v1.8.0", "v3.40.2", "v3.41.0"] as const;
const REGIONS = ["us-east-1", "us-west-2"] as const;

/** Span shape per trace: [service, operation, kind, parent index] (parent -1 = root). */
const SHAPE: [number, number, number, number][] = [
  [0, 0, 2, -1],
  [0, 1, 3, 0],
  [1, 1, 2, 1],
  [1, 3, 3, 2],
  [3, 3, 2, 3],
  [1, 2, 3, 2],
  [2, 2, 2, 5],
  [2, 2, 3, 6],
];
export const SPANS_PER_TRACE = SHAPE.length;

export interface Columns {
  n: number;
  svc: Uint8Array;
  op: Uint8Array;
  start: Float64Array;
  dur: Float64Array;
  status: Uint8Array;
  version: Uint8Array;
  region: Uint8Array;
  /** Index of the parent span in these columns, -1 for a root. */
  parent: Int32Array;
  traceIds: string[];
}

export function newColumns(capacity: number): Columns {
  return {
    n: 0,
    svc: new Uint8Array(capacity),
    op: new Uint8Array(capacity),
    start: new Float64Array(capacity),
    dur: new Float64Array(capacity),
    status: new Uint8Array(capacity),
    version: new Uint8Array(capacity),
    region: new Uint8Array(capacity),
    parent: new Int32Array(capacity),
    traceIds: [],
  };
}

const hex = (rng: () => number, bytes: number) => {
  let s = "";
  for (let i = 0; i < bytes; i++)
    s += Math.floor(rng() * 256)
      .toString(16)
      .padStart(2, "0");
  return s;
};

export class TraceGenerator {
  private readonly rng: () => number;
  constructor(
    private readonly windowStartMs: number,
    private readonly windowEndMs: number,
    seed = 42,
  ) {
    this.rng = seededRng(seed);
  }

  /** `traces` traces as span records, appended to `cols` as well. About 1 in 12 fails (us-east-1, v3.41.0). */
  batch(traces: number, cols: Columns): SpanRecord[] {
    const out: SpanRecord[] = [];
    for (let t = 0; t < traces; t++) {
      const rng = this.rng;
      const traceId = hex(rng, 16);
      const startMs = this.windowStartMs + rng() * (this.windowEndMs - this.windowStartMs - 10_000);
      const region = rng() < 0.5 ? 0 : 1;
      const failing = region === 0 && rng() < 1 / 6;
      const checkoutVersion = failing || (region === 0 && rng() < 0.3) ? 2 : 1;
      const charge = failing ? 4000 + rng() * 200 : 80 + rng() * 120;
      const ids = SHAPE.map(() => hex(rng, 8));
      const base = cols.n;
      cols.traceIds.push(traceId);
      SHAPE.forEach(([svc, op, kind, parent], i) => {
        const inPayment = i === 0 || i === 1 || i === 2 || i === 5 || i === 6 || i === 7;
        const error = failing && inPayment;
        const s = startMs + i * 2;
        const d = i === 3 || i === 4 ? 15 + rng() * 10 : charge + (8 - i) * 3;
        const version = svc === 1 ? checkoutVersion : 0;
        const attributes: SpanRecord["attributes"] =
          i === 7
            ? { "net.peer.name": failing ? "payment-provider.internal" : "payment-api.prod.internal" }
            : { "http.route": OPERATIONS[op] };
        if (i === 7 && failing) attributes["error.message"] = "connection refused: payment-provider.internal:443";
        out.push({
          traceId,
          spanId: ids[i],
          parentSpanId: parent < 0 ? "" : ids[parent],
          name: OPERATIONS[op],
          kind,
          startUs: Math.round(s * 1000),
          endUs: Math.round((s + d) * 1000),
          statusCode: error ? 2 : 0,
          statusMessage: i === 7 && failing ? "connection refused: payment-provider.internal:443" : "",
          service: SERVICES[svc],
          resource: {
            "service.name": SERVICES[svc],
            "deployment.environment": "production",
            "cloud.region": REGIONS[region],
            "deployment.version": VERSIONS[version],
            "k8s.pod.name": `${SERVICES[svc]}-7f8b9c-${region}${svc}`,
          },
          attributes,
          scopeName: "bench",
          scopeVersion: "1",
          events: [],
          links: [],
        });
        const k = cols.n++;
        cols.svc[k] = svc;
        cols.op[k] = op;
        cols.start[k] = Math.round(s * 1000);
        cols.dur[k] = Math.round((s + d) * 1000) - Math.round(s * 1000);
        cols.status[k] = error ? 2 : 0;
        cols.version[k] = version;
        cols.region[k] = region;
        cols.parent[k] = parent < 0 ? -1 : base + parent;
      });
    }
    return out;
  }
}
