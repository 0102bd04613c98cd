// Instant-query answers of one family (requests/s, errors/s, p50/p99 in seconds, grouped by service and
// callee) -> per-minute RED figures per service or per call, the shape the span-based graph uses.
import type { Labels } from "../promql/types";
import type { RedFigures } from "../traces/service-graph";
import type { ResolvedFamily } from "./resolve";
import { serviceFromLabel } from "./families";

export interface Sample {
  labels: Labels;
  value: number;
}

export interface FamilyAnswer {
  requests: Sample[];
  errors: Sample[];
  p50: Sample[];
  p99: Sample[];
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Key of one answer row: the service, or `caller\0callee` for calls. */
function keyOf(r: ResolvedFamily, l: Labels): string | null {
  const svc = serviceFromLabel(r.serviceLabel, l[r.serviceLabel] ?? "");
  if (!svc) return null;
  if (r.family.role === "server") return svc;
  const peer = r.peerLabel ? (l[r.peerLabel] ?? "") : "";
  return peer ? `${svc}\u0000${peer}` : null;
}

interface Acc {
  req: number;
  err: number;
  p50: number | null;
  p99: number | null;
  /** Requests of the series each quantile came from (several raw label values may name one service). */
  w50: number;
  w99: number;
}

export function foldFamily(r: ResolvedFamily, a: FamilyAnswer): Map<string, RedFigures> {
  const acc = new Map<string, Acc>();
  const get = (k: string) => {
    let x = acc.get(k);
    if (!x) acc.set(k, (x = { req: 0, err: 0, p50: null, p99: null, w50: -1, w99: -1 }));
    return x;
  };
  const reqByRaw = new Map<string, number>();
  const rawKey = (l: Labels) => JSON.stringify([l[r.serviceLabel] ?? "", r.peerLabel ? (l[r.peerLabel] ?? "") : ""]);
  for (const s of a.requests) {
    const k = keyOf(r, s.labels);
    if (k === null || !Number.isFinite(s.value)) continue;
    get(k).req += s.value;
    reqByRaw.set(rawKey(s.labels), s.value);
  }
  for (const s of a.errors) {
    const k = keyOf(r, s.labels);
    if (k !== null && Number.isFinite(s.value)) get(k).err += s.value;
  }
  for (const which of ["p50", "p99"] as const)
    for (const s of a[which]) {
      const k = keyOf(r, s.labels);
      if (k === null || !Number.isFinite(s.value)) continue;
      const x = get(k);
      const w = reqByRaw.get(rawKey(s.labels)) ?? 0;
      const wk = which === "p50" ? "w50" : "w99";
      // One service under two raw names (e.g. two namespaces): keep the busier one's latency.
      if (w > x[wk]) {
        x[which] = s.value;
        x[wk] = w;
      }
    }
  const out = new Map<string, RedFigures>();
  for (const [k, x] of acc) {
    if (x.req <= 0 && x.err <= 0) continue;
    out.set(k, {
      requestsPerMin: r3(x.req * 60),
      errorsPerMin: r3(x.err * 60),
      errorRate: x.req > 0 ? r3(Math.min(1, x.err / x.req)) : 0,
      p50Ms: x.p50 === null ? null : r3(x.p50 * 1000),
      p99Ms: x.p99 === null ? null : r3(x.p99 * 1000),
    });
  }
  return out;
}

/** A callee named by host (`payment-gateway:8080`, `payment-gateway.shop.svc.cluster.local`) -> the known
 * service it is, or null for an external host. */
export function calleeService(peer: string, services: ReadonlySet<string>): string | null {
  const host = peer.replace(/:\d+$/, "");
  if (services.has(host)) return host;
  const first = host.split(".")[0];
  return host.includes(".") && /\.(svc|cluster\.local|internal)$/.test(host) && services.has(first) ? first : null;
}
