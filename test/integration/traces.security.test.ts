import { beforeAll, describe, expect, it } from "vitest";
import { call, tokenWith } from "./helpers";
import { checkoutTrace, randomHex, toOtlpJson } from "./traces-fixtures";

let ingest = "";
let reader = "";
const traceId = randomHex(16);
const body = () => JSON.stringify(toOtlpJson(checkoutTrace({ traceId, startMs: Date.now() - 60_000, failing: true })));
const post = (token: string | null) =>
  call("/v1/traces", { method: "POST", token, headers: { "content-type": "application/json" }, body: body() });

beforeAll(async () => {
  [ingest, reader] = await Promise.all([tokenWith(["ingest"], "collector"), tokenWith(["read"], "viewer")]);
});

const readRoutes = () => [
  "/api/traces/search",
  "/api/traces/stats",
  `/api/traces/${traceId}`,
  `/api/traces/${traceId}?format=otlp`,
  "/api/services",
  "/api/services/graph",
];

describe("traces and services API security", () => {
  it("OTLP ingest: no token 401, read token 403, ingest token 200", async () => {
    expect((await post(null)).status).toBe(401);
    expect((await post("vgl_wrong")).status).toBe(401);
    expect((await post(reader)).status).toBe(403);
    expect((await post(ingest)).status).toBe(200);
  });

  it("query routes: no token 401, ingest token 403, read token 200", async () => {
    for (const path of readRoutes()) {
      const none = await call(path, { token: null });
      expect(none.status, path).toBe(401);
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
      const wrong = await call(path, { token: ingest });
      expect(wrong.status, path).toBe(403);
      expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
      expect((await call(path, { token: reader })).status, path).toBe(200);
    }
  });

  it("never reflects a token in responses", async () => {
    const res = await call(`/api/traces/search?tag=${encodeURIComponent(`x=${reader}`)}`, { token: reader });
    expect(await res.text()).not.toContain(reader);
  });
});
