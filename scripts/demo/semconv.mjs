// The OpenTelemetry semantic-convention metrics the demo's services emit beside their own counters, as
// instrumentation libraries would: http.server.request.duration for what each service serves, and
// http.client.request.duration / rpc.client.duration for the calls it makes. Live they go through the OTel SDK;
// backfilled history goes through remote_write under the names and labels Vigil's OTLP mapping gives the live
// ones, so each series continues across the switch.
import { SERVICE_BY_NAME } from "./topology.mjs";

/** Seconds. Fewer than the services' own histograms (these are split by status code too), fine where the story's
 * figures sit: ~180 ms at baseline, ~4.1 s failures. */
export const SEMCONV_BUCKETS = [0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5, 4, 4.5, 8, 10];
/** rpc.client.duration is in milliseconds (semantic conventions before v1.27 and every gRPC instrumentation). */
export const BUCKETS_MS = SEMCONV_BUCKETS.map((b) => Math.round(b * 1000));

export const SERVER_DURATION = "http.server.request.duration";
export const CLIENT_DURATION = "http.client.request.duration";
export const RPC_CLIENT_DURATION = "rpc.client.duration";

/** @param {{ labels: Record<string, string> }} ob @param {string} status */
export function serverAttributes(ob, status) {
  return {
    "http.request.method": ob.labels.method,
    "http.route": ob.labels.endpoint,
    "http.response.status_code": Number(status),
    "deployment.environment.name": ob.labels.environment,
    "cloud.region": ob.labels.region,
  };
}

/** A call into another service is HTTP; the payment provider is called over gRPC.
 * @param {import("./model.mjs").EdgeObservation} e @param {string} status HTTP status, or gRPC code for the provider */
export function clientAttributes(e, status) {
  const place = { "deployment.environment.name": e.environment, "cloud.region": e.region };
  if (SERVICE_BY_NAME[e.peer])
    return {
      instrument: CLIENT_DURATION,
      attributes: {
        "http.request.method": e.operation.split(" ")[0],
        "server.address": e.peer,
        "http.response.status_code": Number(status),
        ...place,
      },
    };
  const [service, method] = e.operation.replace(/^grpc\./, "").split("/");
  return {
    instrument: RPC_CLIENT_DURATION,
    attributes: {
      "rpc.system": "grpc",
      "rpc.service": service,
      "rpc.method": method,
      "server.address": e.peer,
      "rpc.grpc.status_code": Number(status),
      ...place,
    },
  };
}

/** Labels as Vigil's OTLP mapping writes the attributes. @param {Record<string, string | number>} attrs */
export const asLabels = (attrs) => Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, String(v)]));
