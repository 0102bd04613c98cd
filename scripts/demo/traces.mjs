// One sampled checkout request as a distributed trace (frontend -> checkout-service -> payment-gateway /
// inventory-service / order-service) with explicit start and end times, plus the log lines it writes.
import { ROOT_CONTEXT, SeverityNumber, SpanKind, SpanStatusCode, trace } from "./otel.mjs";
import { ATTEMPT_SECONDS, ATTEMPTS } from "./model.mjs";
import { BAD_PROVIDER, CHARGE_OPERATION, HEALTHY_PROVIDER, SERVICE_BY_NAME } from "./topology.mjs";

/** @typedef {ReturnType<typeof import("./otel.mjs").startOtelTracesAndLogs>} Telemetry */
/** @typedef {import("@opentelemetry/api").Span} Span */
/** @typedef {{ environment: string, region: string, endpoint: string, method: string, status: string, pod: string,
 *   version: string, start: number, seconds: number, routedBad: boolean }} SampledRequest  start in wall ms */

export const DNS_ERROR_LOG = `payment client: DNS lookup failed for ${BAD_PROVIDER}: getaddrinfo ENOTFOUND ${BAD_PROVIDER}`;
export const CONNECTION_REFUSED = `connection refused: ${BAD_PROVIDER}:443`;

/** @param {import("./rng.mjs").Rand} rand @param {string} service @param {string} env @param {string} region */
function podOf(rand, service, env, region) {
  const pods = SERVICE_BY_NAME[service].pods[`${env}/${region}`];
  return pods[Math.floor(rand() * pods.length)];
}

/**
 * @param {Telemetry} tel @param {SampledRequest} r @param {import("./rng.mjs").Rand} rand
 */
export function emitCheckoutTrace(tel, r, rand) {
  const place = { environment: r.environment, region: r.region };
  const at = (/** @type {string} */ service, /** @type {string} */ pod, /** @type {string} */ version) =>
    tel.of({ service, pod, version, ...place });
  const frontend = at(
    "frontend",
    podOf(rand, "frontend", r.environment, r.region),
    SERVICE_BY_NAME.frontend.version("", "", false),
  );
  const checkout = at("checkout-service", r.pod, r.version);
  const failed = r.status.startsWith("5");
  const end = r.start + r.seconds * 1000;

  /** @param {ReturnType<Telemetry["of"]>} who @param {string} name @param {number} kind @param {number} s @param {number} e
   * @param {Record<string, string | number>} attributes @param {Span | null} parent @param {string | null} [error] */
  const span = (who, name, kind, s, e, attributes, parent, error = null) => {
    const ctx = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    const sp = who.tracer.startSpan(name, { kind, startTime: s, attributes }, ctx);
    if (error) {
      sp.setAttribute("error.message", error);
      sp.addEvent("exception", { "exception.type": "Error", "exception.message": error }, e);
      sp.setStatus({ code: SpanStatusCode.ERROR, message: error });
    }
    return sp;
  };
  const log = (
    /** @type {ReturnType<Telemetry["of"]>} */ who,
    /** @type {Span} */ sp,
    /** @type {number} */ ts,
    /** @type {"INFO" | "WARN" | "ERROR"} */ level,
    /** @type {string} */ body,
    /** @type {Record<string, string | number>} */ attributes = {},
  ) => {
    const severityNumber = { INFO: SeverityNumber.INFO, WARN: SeverityNumber.WARN, ERROR: SeverityNumber.ERROR }[level];
    who.logger.emit({
      severityNumber,
      severityText: level,
      body,
      attributes,
      timestamp: ts,
      context: trace.setSpan(ROOT_CONTEXT, sp),
    });
  };

  const fe = span(
    frontend,
    "POST /checkout",
    SpanKind.SERVER,
    r.start,
    end + 6,
    { "http.request.method": "POST", "http.route": "/checkout", "http.response.status_code": failed ? 502 : 200 },
    null,
    failed ? `upstream checkout-service returned ${r.status}` : null,
  );
  const feClient = span(
    frontend,
    `${r.method} ${r.endpoint}`,
    SpanKind.CLIENT,
    r.start + 2,
    end + 4,
    {
      "http.request.method": r.method,
      "server.address": "checkout-service",
      "net.peer.name": "checkout-service",
      "server.port": 8080,
      "http.response.status_code": Number(r.status),
    },
    fe,
    failed ? `HTTP ${r.status}` : null,
  );
  const co = span(
    checkout,
    `${r.method} ${r.endpoint}`,
    SpanKind.SERVER,
    r.start + 4,
    end,
    {
      "http.request.method": r.method,
      "http.route": r.endpoint,
      "url.path": r.endpoint,
      "http.response.status_code": Number(r.status),
    },
    feClient,
    failed ? `HTTP ${r.status}` : null,
  );

  let cursor = r.start + 6;
  /** A downstream HTTP call from checkout to `service`, lasting `ms`, optionally failing. */
  const call = (
    /** @type {string} */ service,
    /** @type {string} */ route,
    /** @type {number} */ ms,
    /** @type {string | null} */ error,
    /** @type {(server: Span, s: number, e: number) => void} */ inner = () => {},
  ) => {
    const s = cursor;
    const e = s + ms;
    cursor = e + 1;
    const callee = at(
      service,
      podOf(rand, service, r.environment, r.region),
      SERVICE_BY_NAME[service].version("", "", false),
    );
    const status = error ? 503 : 200;
    const cl = span(
      checkout,
      `POST ${route}`,
      SpanKind.CLIENT,
      s,
      e,
      {
        "http.request.method": "POST",
        "server.address": service,
        "net.peer.name": service,
        "server.port": 8080,
        "http.response.status_code": status,
      },
      co,
      error ? `HTTP 503 from ${service}` : null,
    );
    const sv = span(
      callee,
      `POST ${route}`,
      SpanKind.SERVER,
      s + 1,
      e - 1,
      { "http.request.method": "POST", "http.route": route, "http.response.status_code": status },
      cl,
      error,
    );
    inner(sv, s + 2, e - 2);
    if (error) log(callee, sv, e - 1, "ERROR", `${route} failed: ${error}`, { "http.response.status_code": status });
    sv.end(e - 1);
    cl.end(e);
    return callee;
  };
  const total = Math.max(4, r.seconds * 1000 - 10);

  if (r.endpoint === "/v2/process-payment") {
    if (r.routedBad) {
      const each = (total - 2) / ATTEMPTS;
      for (let i = 1; i <= ATTEMPTS; i++) {
        log(checkout, co, cursor, "ERROR", `${DNS_ERROR_LOG} (attempt ${i}/${ATTEMPTS})`, {
          "payment.provider.host": BAD_PROVIDER,
          "error.type": "ENOTFOUND",
        });
        call("payment-gateway", "/v1/charge", each, `${CHARGE_OPERATION} failed: ${CONNECTION_REFUSED}`, (sv, s, e) => {
          const pg = tel.of({
            service: "payment-gateway",
            pod: podOf(rand, "payment-gateway", r.environment, r.region),
            version: SERVICE_BY_NAME["payment-gateway"].version("", "", false),
            ...place,
          });
          span(
            pg,
            CHARGE_OPERATION,
            SpanKind.CLIENT,
            s,
            Math.max(s + 1, Math.min(e, s + ATTEMPT_SECONDS * 1000)),
            {
              "rpc.system": "grpc",
              "rpc.service": "PaymentProcessor",
              "rpc.method": "ChargeCard",
              "net.peer.name": BAD_PROVIDER,
              "server.address": BAD_PROVIDER,
              "server.port": 443,
              "rpc.grpc.status_code": 14,
            },
            sv,
            CONNECTION_REFUSED,
          ).end(Math.max(s + 1, Math.min(e, s + ATTEMPT_SECONDS * 1000)));
        });
      }
      log(
        checkout,
        co,
        end - 1,
        "ERROR",
        `POST /v2/process-payment -> ${r.status}: payment provider unreachable after ${ATTEMPTS} attempts`,
        { "http.response.status_code": Number(r.status) },
      );
    } else {
      call("payment-gateway", "/v1/charge", total * 0.8, null, (sv, s, e) => {
        const pg = tel.of({
          service: "payment-gateway",
          pod: podOf(rand, "payment-gateway", r.environment, r.region),
          version: SERVICE_BY_NAME["payment-gateway"].version("", "", false),
          ...place,
        });
        span(
          pg,
          CHARGE_OPERATION,
          SpanKind.CLIENT,
          s,
          Math.max(s + 1, e),
          {
            "rpc.system": "grpc",
            "rpc.service": "PaymentProcessor",
            "rpc.method": "ChargeCard",
            "net.peer.name": HEALTHY_PROVIDER,
            "server.address": HEALTHY_PROVIDER,
            "server.port": 443,
            "rpc.grpc.status_code": 0,
          },
          sv,
        ).end(Math.max(s + 1, e));
      });
    }
  } else if (r.endpoint === "/v2/cart") {
    call("inventory-service", "/v1/stock", total * 0.6, null);
  } else if (r.method === "POST") {
    call("inventory-service", "/v1/stock", total * 0.3, null);
    call("order-service", "/v1/orders", total * 0.5, failed ? "order rejected: payment not captured" : null);
  } else {
    call("order-service", "/v1/orders", total * 0.6, null);
  }

  if (failed && !r.routedBad)
    log(checkout, co, end - 1, "ERROR", `${r.method} ${r.endpoint} -> ${r.status}: internal error`, {
      "http.response.status_code": Number(r.status),
    });
  else if (!failed)
    log(
      checkout,
      co,
      end - 1,
      "INFO",
      `${r.method} ${r.endpoint} -> ${r.status} in ${Math.round(r.seconds * 1000)} ms`,
      { "http.response.status_code": Number(r.status) },
    );
  co.end(end);
  feClient.end(end + 4);
  fe.end(end + 6);
}
