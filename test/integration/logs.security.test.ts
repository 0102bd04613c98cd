import { beforeAll, describe, expect, it } from "vitest";
import { call, tokenWith } from "./helpers";
import { logsJson } from "./traces-fixtures";

let ingest = "";
let reader = "";
const body = () =>
  JSON.stringify(
    logsJson([
      {
        timeMs: Date.now() - 1000,
        service: "checkout-service",
        severityNumber: 17,
        severityText: "ERROR",
        body: "DNS lookup failure for payment-provider.internal",
      },
    ]),
  );
const post = (token: string | null) =>
  call("/v1/logs", { method: "POST", token, headers: { "content-type": "application/json" }, body: body() });

beforeAll(async () => {
  [ingest, reader] = await Promise.all([tokenWith(["ingest"], "collector"), tokenWith(["read"], "viewer")]);
});

describe("logs API security", () => {
  it("OTLP ingest: no token 401, read token 403, ingest token 200", async () => {
    expect((await post(null)).status).toBe(401);
    expect((await post(reader)).status).toBe(403);
    expect((await post(ingest)).status).toBe(200);
  });

  it("query routes: no token 401, ingest token 403, read token 200", async () => {
    for (const path of ["/api/logs", "/api/logs/histogram", "/api/logs?severity=error&q=payment"]) {
      expect((await call(path, { token: null })).status, path).toBe(401);
      const wrong = await call(path, { token: ingest });
      expect(wrong.status, path).toBe(403);
      expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
      expect((await call(path, { token: reader })).status, path).toBe(200);
    }
  });
});
