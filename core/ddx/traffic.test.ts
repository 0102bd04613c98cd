import { describe, expect, it } from "vitest";
import { ddxTarget } from "./target";
import { trafficTarget } from "./traffic";

const scope = [{ name: "environment", op: "=" as const, value: "production" }];
const traffic = (q: string, given?: string) => trafficTarget(q, ddxTarget(q, scope, 60_000), scope, 60_000, given);

describe("the traffic behind an error signal", () => {
  it("drops the outcome matchers of a selector, keeping the rest and the scope", () => {
    const t = traffic('checkout_http_requests_total{status=~"5..", endpoint="/pay"}')!;
    expect(t.derivedBy).toBe("selector");
    expect(t.query).toBe('rate(checkout_http_requests_total{endpoint="/pay", environment="production"}[1m])');
    expect(t.outcome.map((m) => m.name)).toEqual(["status"]);
    expect(t.reduced).toEqual(['the same series without status=~"5.."']);
  });

  it("knows OpenTelemetry's dotted outcome label and gRPC codes", () => {
    expect(traffic('{__name__="rpc_server_calls_total", "rpc.grpc.status_code"!="0"}')?.derivedBy).toBe("selector");
    expect(traffic('grpc_server_handled_total{grpc_code!="OK"}')?.query).toBe(
      'rate(grpc_server_handled_total{environment="production"}[1m])',
    );
  });

  it("takes the denominator of a ratio, under a factor and an aggregation", () => {
    const t = traffic(
      '100 * sum by (region) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (region) (rate(http_requests_total[5m]))',
    )!;
    expect(t.derivedBy).toBe("ratio");
    expect(t.query).toBe('rate(http_requests_total{environment="production"}[5m])');
  });

  it("uses a traffic query given explicitly, and finds none for a plain signal", () => {
    expect(traffic("rate(app_errors_total[5m])", "rate(app_requests_total[5m])")?.derivedBy).toBe("given");
    expect(traffic("rate(app_errors_total[5m])")).toBeNull();
    expect(traffic('queue_depth{region="us"}')).toBeNull();
    // A matcher on the pinned scope's own label is the scope, not the outcome.
    expect(
      trafficTarget(
        'x_total{status="500"}',
        ddxTarget('x_total{status="500"}', [], 60_000),
        [{ name: "status", op: "=", value: "500" }],
        60_000,
      ),
    ).toBeNull();
  });
});
