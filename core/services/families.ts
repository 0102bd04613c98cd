// The metric families a service's own request figures can come from, as instrumentation emits them: the
// OpenTelemetry HTTP and RPC semantic-convention metrics (stable and older names), the OpenTelemetry
// Collector's spanmetrics and servicegraph connectors and Grafana Tempo's metrics generator. Each is listed
// in Vigil's OTLP spelling (dots kept, Prometheus 3 NoUTF8EscapingWithSuffixes) and in the underscore
// spelling a Collector or Prometheus 2 writes through remote_write.
import type { LabelMatcher } from "../promql/types";

/** server: what a service served; client: calls it made (callee in a peer label); graph: client/server pairs. */
export type FamilyRole = "server" | "client" | "graph";

export interface MetricFamily {
  id: string;
  /** Shown to the user: where the figures come from. */
  title: string;
  role: FamilyRole;
  /** Counts requests: a counter or a histogram's `_count`. */
  count: string;
  /** graph families count failures in their own counter. */
  failed?: string;
  /** Histogram buckets (`le`) for percentiles; none means no latency figures from this family. */
  bucket?: string;
  /** Multiplies `le` to seconds. */
  toSeconds: number;
  /** Alternatives (summed; they must select disjoint series) that pick the failed requests out of `count`. */
  errors: LabelMatcher[][];
  /** Always added (e.g. only server spans of span metrics). */
  select: LabelMatcher[];
  /** Label names that may carry the service, in order of preference; `job` may be `namespace/service`. */
  serviceLabels: string[];
  /** client: label names that may carry the callee (host or service). */
  peerLabels?: string[];
  /** graph: the caller and callee labels. */
  clientLabel?: string;
  serverLabel?: string;
}

const m = (name: string, op: LabelMatcher["op"], value: string): LabelMatcher => ({ name, op, value });
const SEMCONV_SERVICE = ["service.name", "service_name", "job"];

/** The same family with dots in metric and label names replaced by underscores (Prometheus 2 naming). */
function underscored(f: MetricFamily): MetricFamily {
  const u = (s: string) => s.replaceAll(".", "_");
  const um = (x: LabelMatcher) => ({ ...x, name: u(x.name) });
  return {
    ...f,
    id: `${f.id}.underscore`,
    count: u(f.count),
    bucket: f.bucket && u(f.bucket),
    errors: f.errors.map((alt) => alt.map(um)),
    select: f.select.map(um),
    serviceLabels: [...new Set(f.serviceLabels.map(u))],
    peerLabels: f.peerLabels?.map(u),
  };
}

/** HTTP: a status code marks the failure, or (no status code: the connection failed) `error.type` does. */
function httpErrors(statusLabel: string, failing: string): LabelMatcher[][] {
  return [[m(statusLabel, "=~", failing)], [m(statusLabel, "=", ""), m("error.type", "!=", "")]];
}

const DOTTED: MetricFamily[] = [
  {
    id: "otel.http.server",
    title: "OpenTelemetry HTTP server metrics (http.server.request.duration)",
    role: "server",
    count: "http.server.request.duration_seconds_count",
    bucket: "http.server.request.duration_seconds_bucket",
    toSeconds: 1,
    errors: httpErrors("http.response.status_code", "5.."),
    select: [],
    serviceLabels: SEMCONV_SERVICE,
  },
  {
    id: "otel.http.server.v1",
    title: "OpenTelemetry HTTP server metrics (http.server.duration)",
    role: "server",
    count: "http.server.duration_milliseconds_count",
    bucket: "http.server.duration_milliseconds_bucket",
    toSeconds: 0.001,
    errors: [[m("http.status_code", "=~", "5..")]],
    select: [],
    serviceLabels: SEMCONV_SERVICE,
  },
  {
    id: "otel.rpc.server",
    title: "OpenTelemetry RPC server metrics (rpc.server.duration)",
    role: "server",
    count: "rpc.server.duration_milliseconds_count",
    bucket: "rpc.server.duration_milliseconds_bucket",
    toSeconds: 0.001,
    errors: [[m("rpc.grpc.status_code", "!=", "0"), m("rpc.grpc.status_code", "!=", "")]],
    select: [],
    serviceLabels: SEMCONV_SERVICE,
  },
  {
    id: "otel.http.client",
    title: "OpenTelemetry HTTP client metrics (http.client.request.duration)",
    role: "client",
    count: "http.client.request.duration_seconds_count",
    bucket: "http.client.request.duration_seconds_bucket",
    toSeconds: 1,
    errors: httpErrors("http.response.status_code", "[45].."),
    select: [],
    serviceLabels: SEMCONV_SERVICE,
    peerLabels: ["peer.service", "server.address", "net.peer.name"],
  },
  {
    id: "otel.rpc.client",
    title: "OpenTelemetry RPC client metrics (rpc.client.duration)",
    role: "client",
    count: "rpc.client.duration_milliseconds_count",
    bucket: "rpc.client.duration_milliseconds_bucket",
    toSeconds: 0.001,
    errors: [[m("rpc.grpc.status_code", "!=", "0"), m("rpc.grpc.status_code", "!=", "")]],
    select: [],
    serviceLabels: SEMCONV_SERVICE,
    peerLabels: ["peer.service", "server.address", "net.peer.name"],
  },
];

const SERVER_SPANS = m("span_kind", "=~", "SPAN_KIND_SERVER|SPAN_KIND_CONSUMER");
const ERROR_SPANS = [[m("status_code", "=", "STATUS_CODE_ERROR")]];

const COLLECTOR: MetricFamily[] = [
  ["traces_span_metrics_calls_total", "traces_span_metrics_duration_seconds_bucket", 1],
  ["traces_span_metrics_calls_total", "traces_span_metrics_duration_milliseconds_bucket", 0.001],
  ["calls_total", "duration_milliseconds_bucket", 0.001],
  ["calls_total", "latency_bucket", 0.001],
].map(([count, bucket, toSeconds], i) => ({
  id: `spanmetrics.collector.${i}`,
  title: `OpenTelemetry Collector span metrics (${count})`,
  role: "server" as const,
  count: count as string,
  bucket: bucket as string,
  toSeconds: toSeconds as number,
  errors: ERROR_SPANS,
  select: [SERVER_SPANS],
  serviceLabels: ["service_name", "service.name", "service", "job"],
}));

const TEMPO: MetricFamily[] = [
  {
    id: "spanmetrics.tempo",
    title: "Tempo span metrics (traces_spanmetrics_calls_total)",
    role: "server",
    count: "traces_spanmetrics_calls_total",
    bucket: "traces_spanmetrics_latency_bucket",
    toSeconds: 1,
    errors: ERROR_SPANS,
    select: [SERVER_SPANS],
    serviceLabels: ["service", "service_name", "job"],
  },
  {
    id: "servicegraph",
    title: "Service graph metrics (traces_service_graph_request_total)",
    role: "graph",
    count: "traces_service_graph_request_total",
    failed: "traces_service_graph_request_failed_total",
    bucket: "traces_service_graph_request_server_seconds_bucket",
    toSeconds: 1,
    errors: [],
    select: [],
    serviceLabels: [],
    clientLabel: "client",
    serverLabel: "server",
  },
];

/** In order of preference: a service found in several server families takes its figures from the first. */
export const METRIC_FAMILIES: readonly MetricFamily[] = [
  ...DOTTED.flatMap((f) => [f, underscored(f)]),
  ...COLLECTOR,
  ...TEMPO,
];

/** `job` is `namespace/service` under the OTLP mapping; the service is its last part. */
export function serviceFromLabel(label: string, value: string): string {
  return label === "job" ? value.slice(value.lastIndexOf("/") + 1) : value;
}
