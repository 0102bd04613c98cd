import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

const model = {
  title: "sec",
  panels: [{ id: "p", type: "stat", queries: [{ expr: "up" }], gridPos: { x: 0, y: 0, w: 6, h: 4 } }],
};

describe("dashboards API security", () => {
  it("each route: no token 401, wrong scope 403, right scope 2xx", async () => {
    const writer = await tokenWith(["write"]);
    const reader = await tokenWith(["read"]);
    const ingest = await tokenWith(["ingest"]);
    const d = (await (await json("/api/dashboards", { model }, { token: writer })).json()) as { id: string };
    const reads = [
      "/api/dashboards",
      `/api/dashboards/${d.id}`,
      `/api/dashboards/${d.id}/export`,
      `/api/dashboards/${d.id}/versions`,
      `/api/dashboards/${d.id}/versions/1`,
      `/api/dashboards/${d.id}/events`,
      `/api/dashboards/${d.id}/snapshots`,
    ];
    for (const path of reads) {
      expect((await call(path, { token: null })).status, path).toBe(401);
      expect((await call(path, { token: ingest })).status, path).toBe(403);
      expect((await call(path, { token: reader })).status, path).toBe(200);
    }
    const snapBody = { from: 1, to: 2, data: { result: [] } };
    const writes: Array<[string, string, unknown | undefined, number]> = [
      ["/api/dashboards", "POST", { model }, 201],
      ["/api/dashboards/import", "POST", model, 201],
      ["/api/dashboards/provision", "POST", {}, 200],
      [`/api/dashboards/${d.id}`, "PUT", { model }, 200],
      [`/api/dashboards/${d.id}/versions/1/restore`, "POST", {}, 200],
      [`/api/dashboards/${d.id}/panels/p/snapshot`, "POST", snapBody, 201],
    ];
    for (const [path, method, body, ok] of writes) {
      const go = (token: string | null) => json(path, body, { method, token });
      expect((await go(null)).status, `${method} ${path}`).toBe(401);
      expect((await go(reader)).status, `${method} ${path}`).toBe(403);
      expect((await go(ingest)).status, `${method} ${path}`).toBe(403);
      expect((await go(writer)).status, `${method} ${path}`).toBe(ok);
    }
    const snaps = (await (await call(`/api/dashboards/${d.id}/snapshots`)).json()) as {
      snapshots: Array<{ id: string }>;
    };
    const snapPath = `/api/snapshots/${snaps.snapshots[0]!.id}`;
    expect((await call(snapPath, { token: null })).status).toBe(401);
    expect((await call(snapPath, { token: ingest })).status).toBe(403);
    expect((await call(snapPath, { token: reader })).status).toBe(200);
    expect((await call(`/api/dashboards/${d.id}`, { method: "DELETE", token: null })).status).toBe(401);
    expect((await call(`/api/dashboards/${d.id}`, { method: "DELETE", token: reader })).status).toBe(403);
    expect((await call(`/api/dashboards/${d.id}`, { method: "DELETE", token: writer })).status).toBe(200);
  });
});
