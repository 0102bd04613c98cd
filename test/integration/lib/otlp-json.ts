// OTLP/JSON ExportTraceServiceRequest bodies for the DDx scenario spans (pure: used by workerd tests and the bench).
import type { TimedSpan } from "../../fixtures/ddx/spans";

const hex = (n: number, len: number) => n.toString(16).padStart(len, "0").slice(-len);
const attrs = (o: Record<string, string>) => Object.entries(o).map(([key, v]) => ({ key, value: { stringValue: v } }));
const RESOURCE_KEYS = ["service.name", "deployment.environment", "cloud.region", "deployment.version", "k8s.pod.name"];

/** OTLP/JSON ExportTraceServiceRequest for a batch of scenario spans (one trace per server span and its client child). */
export function otlpTraces(spans: TimedSpan[], idBase: number): unknown {
  const byResource = new Map<string, { resource: Record<string, string>; spans: unknown[] }>();
  let trace = idBase;
  let span = idBase * 4;
  let parent = "";
  for (const s of spans) {
    const resource = Object.fromEntries(RESOURCE_KEYS.map((k) => [k, s.attributes[k]]));
    const rest = Object.fromEntries(Object.entries(s.attributes).filter(([k]) => !RESOURCE_KEYS.includes(k)));
    const key = JSON.stringify(resource);
    if (!byResource.has(key)) byResource.set(key, { resource, spans: [] });
    if (s.kind === "server") trace++;
    const spanId = hex(++span, 16);
    const startNs = BigInt(s.start) * 1_000_000n;
    byResource.get(key)!.spans.push({
      traceId: hex(trace, 32),
      spanId,
      parentSpanId: s.kind === "client" ? parent : undefined,
      name: s.name,
      kind: s.kind === "server" ? 2 : 3,
      startTimeUnixNano: startNs.toString(),
      endTimeUnixNano: (startNs + BigInt(Math.round(s.durationMs * 1e6))).toString(),
      attributes: attrs(rest),
      status: s.error ? { code: 2, message: "failed" } : { code: 1 },
    });
    if (s.kind === "server") parent = spanId;
  }
  return {
    resourceSpans: [...byResource.values()].map((r) => ({
      resource: { attributes: attrs(r.resource) },
      scopeSpans: [{ scope: { name: "checkout" }, spans: r.spans }],
    })),
  };
}
