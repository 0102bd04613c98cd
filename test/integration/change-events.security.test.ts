import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

const ev = { title: "Deploy: x", source: "ci", category: "deploys" };

describe("change events API security", () => {
  it("POST needs the ingest scope", async () => {
    expect((await json("/api/change-events", ev, { token: null })).status).toBe(401);
    expect((await json("/api/change-events", ev, { token: "vgl_wrong" })).status).toBe(401);
    expect((await json("/api/change-events", ev, { token: await tokenWith(["read"]) })).status).toBe(403);
    expect((await json("/api/change-events", ev, { token: await tokenWith(["write"]) })).status).toBe(403);
    expect((await json("/api/change-events", ev, { token: await tokenWith(["ingest"]) })).status).toBe(201);
  });

  it("GET list and GET one need the read scope", async () => {
    const created = (await (await json("/api/change-events", ev)).json()) as { id: string };
    const ingest = await tokenWith(["ingest"]);
    const read = await tokenWith(["read"]);
    for (const path of ["/api/change-events", `/api/change-events/${created.id}`]) {
      expect((await call(path, { token: null })).status).toBe(401);
      expect((await call(path, { token: ingest })).status).toBe(403);
      expect((await call(path, { token: read })).status).toBe(200);
    }
  });

  it("webhooks need the ingest scope (header or ?token=)", async () => {
    const read = await tokenWith(["read"]);
    const ingest = await tokenWith(["ingest"]);
    const gh = { deployment: { ref: "v1", environment: "production" }, repository: { name: "svc" } };
    for (const [path, body, headers] of [
      ["/api/webhooks/argocd", { app: "svc", version: "v1" }, {}],
      ["/api/webhooks/github", gh, { "x-github-event": "deployment" }],
    ] as const) {
      expect((await json(path, body, { token: null, headers })).status, path).toBe(401);
      expect((await json(path, body, { token: read, headers })).status, path).toBe(403);
      expect((await json(path, body, { token: ingest, headers })).status, path).toBe(201);
      expect((await json(`${path}?token=${ingest}`, body, { token: null, headers })).status, path).toBe(201);
    }
  });
});
