// The real OpenTelemetry JS SDK pipelines: metrics (MeterProvider + PeriodicExportingMetricReader + OTLP proto),
// traces (one BatchSpanProcessor shared by a tracer provider per pod and version) and logs (likewise).
import { SpanKind, SpanStatusCode, ROOT_CONTEXT, trace } from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import { OTLPLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchLogRecordProcessor, LoggerProvider } from "@opentelemetry/sdk-logs";
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { BUCKETS, NAMESPACE, SERVICES } from "./topology.mjs";
import {
  BUCKETS_MS,
  CLIENT_DURATION,
  RPC_CLIENT_DURATION,
  SEMCONV_BUCKETS,
  SERVER_DURATION,
  serverAttributes,
  clientAttributes,
} from "./semconv.mjs";

export { SpanKind, SpanStatusCode, SeverityNumber, ROOT_CONTEXT, trace };

/** @typedef {import("./model.mjs").HttpObservation} HttpObservation */
/** @typedef {{ ok: number, failed: number, lastError: string }} ExportStats */

/** A busy laptop running workerd can take longer than the SDK's default 10 s to answer a large batch. */
const EXPORT_TIMEOUT_MS = 30_000;

/** Per-signal export outcomes, for `scenario status` and for the one-line "skipped" messages. */
export const exportStats = /** @type {Record<"metrics" | "traces" | "logs", ExportStats>} */ ({
  metrics: { ok: 0, failed: 0, lastError: "" },
  traces: { ok: 0, failed: 0, lastError: "" },
  logs: { ok: 0, failed: 0, lastError: "" },
});

/** Count each export's result without changing the exporter. @template {{ export: Function }} E
 * @param {E} exporter @param {keyof typeof exportStats} signal @returns {E} */
function watched(exporter, signal) {
  const original = exporter.export.bind(exporter);
  exporter.export = (/** @type {unknown} */ items, /** @type {(r: { code: number, error?: Error }) => void} */ done) =>
    original(items, (/** @type {{ code: number, error?: Error }} */ r) => {
      const st = exportStats[signal];
      if (r.code === 0) st.ok++;
      else {
        st.failed++;
        st.lastError = r.error?.message ?? "export failed";
      }
      done(r);
    });
  return exporter;
}

/**
 * Live HTTP metrics of every service through the OTel metrics SDK. Instruments carry the final Prometheus names
 * (`checkout_http_requests_total`, `checkout_http_request_duration_seconds`): under the Prometheus 3 translation
 * a counter already ending in `_total` and a histogram already ending in its unit suffix keep their names.
 * @param {{ url: string, token: string, intervalMs: number}} o
 */
export function startOtelMetrics(o) {
  const providers = [];
  /** @type {Record<string, Record<string, any>>} */
  const instruments = {};
  for (const svc of SERVICES) {
    const exporter = watched(
      new OTLPMetricExporter({
        url: `${o.url}/v1/metrics`,
        headers: { Authorization: `Bearer ${o.token}` },
        timeoutMillis: EXPORT_TIMEOUT_MS,
        temporalityPreference: AggregationTemporality.CUMULATIVE,
      }),
      "metrics",
    );
    const reader = new PeriodicExportingMetricReader({
      exporter,
      exportIntervalMillis: o.intervalMs,
      exportTimeoutMillis: Math.min(EXPORT_TIMEOUT_MS, o.intervalMs),
    });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ "service.name": svc.name, "service.namespace": NAMESPACE }),
      readers: [reader],
    });
    const meter = provider.getMeter("vigil-demo", "0.1.0");
    instruments[svc.name] = {
      counter: meter.createCounter(`${svc.metric}_http_requests_total`, {
        unit: "{request}",
        description: `HTTP requests served by ${svc.name}`,
      }),
      histogram: meter.createHistogram(`${svc.metric}_http_request_duration_seconds`, {
        unit: "s",
        description: `HTTP request duration of ${svc.name}`,
        advice: { explicitBucketBoundaries: BUCKETS },
      }),
      [SERVER_DURATION]: meter.createHistogram(SERVER_DURATION, {
        unit: "s",
        description: "Duration of HTTP server requests.",
        advice: { explicitBucketBoundaries: SEMCONV_BUCKETS },
      }),
      [CLIENT_DURATION]: meter.createHistogram(CLIENT_DURATION, {
        unit: "s",
        description: "Duration of HTTP client requests.",
        advice: { explicitBucketBoundaries: SEMCONV_BUCKETS },
      }),
      [RPC_CLIENT_DURATION]: meter.createHistogram(RPC_CLIENT_DURATION, {
        unit: "ms",
        description: "Measures the duration of outbound RPC.",
        advice: { explicitBucketBoundaries: BUCKETS_MS },
      }),
    };
    providers.push(provider);
  }
  return {
    /** @param {HttpObservation[]} obs */
    record(obs) {
      for (const ob of obs) {
        const ins = instruments[ob.service];
        for (const [status, n] of Object.entries(ob.counts)) ins.counter.add(n, { ...ob.labels, status });
        for (const l of ob.latencies) ins.histogram.record(l, ob.labels);
        for (const [status, ls] of Object.entries(ob.byStatus ?? {})) {
          const attrs = serverAttributes(ob, status);
          for (const l of ls) ins[SERVER_DURATION].record(l, attrs);
        }
      }
    },
    /** @param {import("./model.mjs").EdgeObservation[]} edges */
    recordCalls(edges) {
      for (const e of edges)
        for (const [status, ls] of Object.entries(e.byStatus)) {
          const c = clientAttributes(e, status);
          const h = instruments[e.caller][c.instrument];
          const scale = c.instrument === RPC_CLIENT_DURATION ? 1000 : 1;
          for (const l of ls) h.record(l * scale, c.attributes);
        }
    },
    async flush() {
      await Promise.allSettled(providers.map((p) => p.forceFlush()));
    },
    async shutdown() {
      await Promise.allSettled(providers.map((p) => p.shutdown()));
    },
  };
}

/**
 * Span and log pipelines. Each (service, environment, region, pod, version) is its own resource, as a real
 * pod's SDK would be; all of them share one batch processor and exporter per signal so requests stay few.
 * @param {{ url: string, token: string }} o
 */
export function startOtelTracesAndLogs(o) {
  const headers = { Authorization: `Bearer ${o.token}` };
  const spanProcessor = new BatchSpanProcessor(
    watched(new OTLPTraceExporter({ url: `${o.url}/v1/traces`, headers, timeoutMillis: EXPORT_TIMEOUT_MS }), "traces"),
    {
      maxQueueSize: 50_000,
      maxExportBatchSize: 2_000,
      scheduledDelayMillis: 2_000,
      exportTimeoutMillis: EXPORT_TIMEOUT_MS,
    },
  );
  // sdk-logs 0.223 takes one options object (the trace shim still takes exporter, config).
  const logProcessor = new BatchLogRecordProcessor({
    exporter: watched(
      new OTLPLogExporter({ url: `${o.url}/v1/logs`, headers, timeoutMillis: EXPORT_TIMEOUT_MS }),
      "logs",
    ),
    maxQueueSize: 50_000,
    maxExportBatchSize: 2_000,
    scheduledDelayMillis: 2_000,
    exportTimeoutMillis: EXPORT_TIMEOUT_MS,
  });
  /** @type {Map<string, { tracer: import("@opentelemetry/api").Tracer, logger: import("@opentelemetry/api-logs").Logger, tp: BasicTracerProvider, lp: LoggerProvider }>} */
  const byResource = new Map();
  return {
    /** Tracer and logger of one pod running one version.
     * @param {{ service: string, environment: string, region: string, pod: string, version: string }} r */
    of(r) {
      const k = `${r.service}|${r.environment}|${r.region}|${r.pod}|${r.version}`;
      let hit = byResource.get(k);
      if (!hit) {
        const resource = resourceFromAttributes({
          "service.name": r.service,
          "service.namespace": NAMESPACE,
          "deployment.environment": r.environment,
          "deployment.environment.name": r.environment,
          "cloud.region": r.region,
          "deployment.version": r.version,
          "service.version": r.version,
          "k8s.pod.name": r.pod,
        });
        const tp = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
        const lp = new LoggerProvider({ resource, processors: [logProcessor] });
        hit = { tp, lp, tracer: tp.getTracer("vigil-demo", "0.1.0"), logger: lp.getLogger("vigil-demo", "0.1.0") };
        byResource.set(k, hit);
      }
      return hit;
    },
    async flush() {
      await Promise.allSettled([spanProcessor.forceFlush(), logProcessor.forceFlush()]);
    },
    async shutdown() {
      await Promise.allSettled([spanProcessor.shutdown(), logProcessor.shutdown()]);
    },
  };
}
