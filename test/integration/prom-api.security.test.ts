import { describe, expect, it } from "vitest";
import { call, tokenWith } from "./helpers";

const routes: [string, string][] = [
  ["GET", "/api/v1/query?query=1"],
  ["POST", "/api/v1/query"],
  ["GET", "/api/v1/query_range?query=1&start=0&end=60&step=15"],
  ["GET", "/api/v1/series?match[]=up"],
  ["GET", "/api/v1/labels"],
  ["GET", "/api/v1/label/job/values"],
  ["GET", "/api/v1/metadata"],
  ["GET", "/api/v1/status/buildinfo"],
  ["GET", "/api/v1/format_query?query=up"],
  ["GET", "/api/v1/query_exemplars?query=up"],
  ["GET", "/api/v1/rules"],
  ["GET", "/api/v1/alerts"],
  ["GET", "/api/v1/targets"],
  ["GET", "/api/v1/status/config"],
  ["GET", "/api/v1/status/flags"],
  ["GET", "/api/v1/status/runtimeinfo"],
  ["GET", "/api/v1/status/tsdb"],
  ["GET", "/api/v1/status/walreplay"],
];

function req(method: string, path: string, token: string | null): Promise<Response> {
  const init: RequestInit & { token: string | null } = { method, token };
  if (method === "POST") {
    init.headers = { "content-type": "application/x-www-form-urlencoded" };
    init.body = "query=1";
  }
  return call(path, init);
}

describe("Prometheus API security", () => {
  it("rejects every route without a token (401)", async () => {
    for (const [m, p] of routes) expect((await req(m, p, null)).status, `${m} ${p}`).toBe(401);
  });

  it("forbids an ingest-only token (403)", async () => {
    const ingest = await tokenWith(["ingest"], "prom-ingest");
    for (const [m, p] of routes) expect((await req(m, p, ingest)).status, `${m} ${p}`).toBe(403);
  });

  it("allows a read token (2xx)", async () => {
    const reader = await tokenWith(["read"], "prom-reader");
    for (const [m, p] of routes) expect((await req(m, p, reader)).status, `${m} ${p}`).toBe(200);
  });

  it("leaves remote_write to the ingest scope", async () => {
    const reader = await tokenWith(["read"], "prom-reader-2");
    const res = await call("/api/v1/write", {
      method: "POST",
      token: reader,
      headers: { "content-type": "application/x-protobuf" },
      body: new Uint8Array(),
    });
    expect(res.status).toBe(403);
  });
});
