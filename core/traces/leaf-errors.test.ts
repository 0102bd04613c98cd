import { describe, expect, it } from "vitest";
import { groupLeafErrors, leafErrors } from "./leaf-errors";

const sp = (spanId: string, parentSpanId: string, statusCode: number, service = "s", name = "op", traceId = "t1") => ({
  traceId,
  spanId,
  parentSpanId,
  statusCode,
  service,
  name,
  statusMessage: statusCode === 2 ? `${service} failed` : "",
});

describe("leaf errors", () => {
  it("keeps only error spans without a failing child", () => {
    const spans = [
      sp("a", "", 2, "frontend", "GET /checkout"),
      sp("b", "a", 2, "checkout-service", "POST /v2/process-payment"),
      sp("c", "b", 2, "payment-gateway", "grpc.PaymentProcessor/ChargeCard"),
      sp("d", "b", 1, "inventory-service", "reserve"),
    ];
    expect(leafErrors(spans).map((s) => s.spanId)).toEqual(["c"]);
  });
  it("does not match children across traces", () => {
    const spans = [sp("a", "", 2, "x", "o", "t1"), sp("b", "a", 2, "y", "o", "t2")];
    expect(leafErrors(spans).map((s) => s.spanId)).toEqual(["a", "b"]);
  });
  it("groups by service and operation, most frequent first", () => {
    const spans = [
      sp("a", "", 2, "checkout-service", "POST"),
      sp("b", "a", 2, "payment-gateway", "ChargeCard"),
      sp("c", "", 2, "checkout-service", "POST", "t2"),
      sp("d", "c", 2, "payment-gateway", "ChargeCard", "t2"),
      sp("e", "", 2, "order-service", "create", "t3"),
    ];
    const g = groupLeafErrors(spans);
    expect(g[0]).toEqual({
      service: "payment-gateway",
      operation: "ChargeCard",
      count: 2,
      messages: ["payment-gateway failed"],
    });
    expect(g[1].service).toBe("order-service");
  });
});
