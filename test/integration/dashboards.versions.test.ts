// What the dashboard page's version history and inline search panels rely on: who saved each version,
// when and why; restores recorded as versions; logs/traces/service-map panels kept through export/import.
import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

interface Version {
  version: number;
  createdBy: string;
  createdAt: number;
  message: string | null;
  title: string;
}

const panel = (id: string, type: string, datasource: string, expr: string, x: number) => ({
  id,
  type,
  datasource,
  title: id,
  queries: [{ refId: "A", expr }],
  gridPos: { x, y: 0, w: 8, h: 6 },
});
const board = (title: string) => ({
  title,
  panels: [
    panel("errors", "logs", "logs", 'service.name="checkout-service" severity>=error', 0),
    panel("failing", "traces", "traces", 'service.name="checkout-service" status=error', 8),
    panel("deps", "service_map", "traces", 'service.name="checkout-service"', 16),
  ],
});

describe("dashboard versions for the history dialog", () => {
  it("lists author, time and note per version, newest first, and records a restore as a version", async () => {
    const alice = await tokenWith(["write"], "alice");
    const bob = await tokenWith(["write"], "bob");
    const t0 = Date.now();
    const d = (await (await json("/api/dashboards", { model: board("Incident board") }, { token: alice })).json()) as {
      id: string;
    };
    const put = await json(
      `/api/dashboards/${d.id}`,
      { model: board("Incident board (trimmed)"), version: 1, message: "trim for the incident" },
      { method: "PUT", token: bob },
    );
    expect(put.status).toBe(200);
    const restore = await json(`/api/dashboards/${d.id}/versions/1/restore`, {}, { token: alice });
    expect(restore.status).toBe(200);
    expect(await restore.json()).toMatchObject({ version: 3, title: "Incident board" });

    const list = (await (await call(`/api/dashboards/${d.id}/versions`, { token: alice })).json()) as {
      current: number;
      versions: Version[];
    };
    expect(list.current).toBe(3);
    expect(list.versions.map((v) => [v.version, v.createdBy, v.message, v.title])).toEqual([
      [3, "alice", "restored version 1", "Incident board"],
      [2, "bob", "trim for the incident", "Incident board (trimmed)"],
      [1, "alice", "created", "Incident board"],
    ]);
    for (const v of list.versions) expect(v.createdAt).toBeGreaterThanOrEqual(t0);
    const v2 = (await (await call(`/api/dashboards/${d.id}/versions/2`, { token: alice })).json()) as {
      version: number;
      model: { title: string };
    };
    expect(v2).toMatchObject({ version: 2, model: { title: "Incident board (trimmed)" } });
    expect((await call(`/api/dashboards/${d.id}/versions/7`, { token: alice })).status).toBe(404);
  });

  it("keeps logs, traces and service-map panels through export and import", async () => {
    const d = (await (await json("/api/dashboards", { model: board("Search panels") })).json()) as {
      id: string;
      model: unknown;
    };
    const exported = await (await call(`/api/dashboards/${d.id}/export`)).json();
    const imported = (await (await json("/api/dashboards/import", exported)).json()) as { id: string; model: unknown };
    expect(imported.id).not.toBe(d.id);
    expect(imported.model).toEqual(d.model);
  });

  it("a logs panel snapshot needs the lines the user saw: the server does not search on its behalf", async () => {
    const d = (await (await json("/api/dashboards", { model: board("Snapshots") })).json()) as { id: string };
    const now = Date.now();
    const bare = await json(`/api/dashboards/${d.id}/panels/errors/snapshot`, { from: now - 3_600_000, to: now });
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as { error: { message: string } }).error.message).toContain("send its data");
    const withData = await json(`/api/dashboards/${d.id}/panels/errors/snapshot`, {
      from: now - 3_600_000,
      to: now,
      data: { lines: [{ body: "no such host" }] },
    });
    expect(withData.status).toBe(201);
  });
});
