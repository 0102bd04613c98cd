import { describe, expect, it } from "vitest";
import { call, json } from "./helpers";
import { asSession, sessionFor, teamWith } from "./people-helpers";

const model = (title: string) => ({
  title,
  panels: [{ id: "rps", type: "timeseries", queries: [{ expr: "up" }], gridPos: { x: 0, y: 0, w: 12, h: 8 } }],
});
const errorOf = async (r: Response) => ((await r.json()) as { error: { message: string } }).error.message;

describe("team-owned dashboards", () => {
  it("a team's dashboard is edited only by its editors, moved only with rights on both teams, and listed by team", async () => {
    await teamWith("Dash Owners", { dora: "editor", dan: "viewer" });
    await teamWith("Dash Others", { otto: "editor" });
    const created = await json("/api/dashboards", { model: model("Owned board"), team: "Dash Owners" });
    expect(created.status).toBe(201);
    const d = (await created.json()) as { id: string; team: string; teamId: string; version: number };
    expect(d.team).toBe("Dash Owners");
    const [dora, dan, otto] = await Promise.all(["dora", "dan", "otto"].map((u) => sessionFor(u)));
    const save = { model: model("Owned board v2"), version: 1 };
    const byOther = await asSession(otto, `/api/dashboards/${d.id}`, { method: "PUT", body: save });
    expect(byOther.status).toBe(403);
    expect(await errorOf(byOther)).toMatch(/editor role on team Dash Owners/);
    expect((await asSession(dan, `/api/dashboards/${d.id}`, { method: "PUT", body: save })).status).toBe(403);
    expect((await asSession(otto, `/api/dashboards/${d.id}`, { method: "DELETE" })).status).toBe(403);
    expect((await asSession(dora, `/api/dashboards/${d.id}`, { method: "PUT", body: save })).status).toBe(200);
    // Otto cannot take it; Dora cannot give it to a team she does not edit.
    const take = await asSession(otto, `/api/dashboards/${d.id}/team`, {
      method: "PUT",
      body: { team: "Dash Others" },
    });
    expect(take.status).toBe(403);
    const give = await asSession(dora, `/api/dashboards/${d.id}/team`, {
      method: "PUT",
      body: { team: "Dash Others" },
    });
    expect(give.status).toBe(403);
    // Nor create one for another team.
    const foreign = await asSession(dora, "/api/dashboards", { body: { model: model("x"), team: "Dash Others" } });
    expect(foreign.status).toBe(403);
    const mine = (await (await asSession(dora, "/api/dashboards?mine=1")).json()) as { dashboards: { id: string }[] };
    expect(mine.dashboards.map((x) => x.id)).toEqual([d.id]);
    const none = (await (await call("/api/dashboards?team=No Such Team")).json()) as { dashboards: unknown[] };
    expect(none.dashboards).toEqual([]);
    const ghost = await asSession(dora, `/api/dashboards/${d.id}/team`, { method: "PUT", body: { team: "Ghosts" } });
    expect(ghost.status).toBe(400);
    expect(await errorOf(ghost)).toMatch(/no team 'Ghosts'/);
    // An admin hands it to the other team; the audit log says so.
    const moved = await json(`/api/dashboards/${d.id}/team`, { team: "Dash Others" }, { method: "PUT" });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as { team: string }).team).toBe("Dash Others");
    expect((await json(`/api/dashboards/${d.id}/team`, { team: 7 }, { method: "PUT" })).status).toBe(400);
    const audit = (await (await call(`/api/audit?objectKind=dashboard&objectId=${d.id}`)).json()) as {
      entries: { actorId: string; summary: string }[];
    };
    expect(audit.entries[0]).toMatchObject({ actorId: "admin" });
    expect(audit.entries[0]!.summary).toMatch(/to team Dash Others/);
  });
});

describe("notebooks shared with a team", () => {
  it("members read, editors edit, only the owner deletes or shares; others see a 404", async () => {
    await teamWith("Nb Team", { nina: "editor", ned: "viewer" });
    await teamWith("Nb Elsewhere", { nick: "editor" });
    await teamWith("Nb Home", { nora: "editor" });
    const [owner, nina, ned, nick] = await Promise.all(["nora", "nina", "ned", "nick"].map((u) => sessionFor(u)));
    const nbRes = await asSession(owner, "/api/notebooks", { body: { title: "Incident 42" } });
    expect(nbRes.status).toBe(201);
    const nb = (await nbRes.json()) as { id: string; rights: string[] };
    expect(nb.rights).toEqual(["read", "edit", "own"]);
    // Private: nobody else even learns it exists.
    expect((await asSession(nina, `/api/notebooks/${nb.id}`)).status).toBe(404);
    // Nick may not share into a team he is not in; Nora may not share into one she is not in either.
    expect(
      (await asSession(owner, `/api/notebooks/${nb.id}/team`, { method: "PUT", body: { team: "Nb Team" } })).status,
    ).toBe(403);
    await json("/api/teams/nb-team/members", { user: "nora", role: "viewer" });
    const again = await sessionFor("nora");
    const shared = await asSession(again, `/api/notebooks/${nb.id}/team`, { method: "PUT", body: { team: "Nb Team" } });
    expect(shared.status).toBe(200);
    expect(((await shared.json()) as { team: string }).team).toBe("Nb Team");
    const seen = (await (await asSession(ned, `/api/notebooks/${nb.id}`)).json()) as {
      rights: string[];
      shares: unknown[];
    };
    expect(seen.rights).toEqual(["read"]);
    expect(seen.shares).toEqual([]);
    const rename = { method: "PATCH", body: { title: "Incident 42: checkout" } };
    expect((await asSession(ned, `/api/notebooks/${nb.id}`, rename)).status).toBe(403);
    expect((await asSession(nick, `/api/notebooks/${nb.id}`, rename)).status).toBe(404);
    expect((await asSession(nina, `/api/notebooks/${nb.id}`, rename)).status).toBe(200);
    const cell = { cell: { type: "markdown", source: "rolled back v3.41.0" } };
    expect((await asSession(nina, `/api/notebooks/${nb.id}/cells`, { body: cell })).status).toBe(201);
    expect((await asSession(nina, `/api/notebooks/${nb.id}`, { method: "DELETE" })).status).toBe(403);
    expect(
      (await asSession(nina, `/api/notebooks/${nb.id}/team`, { method: "PUT", body: { team: null } })).status,
    ).toBe(403);
    const list = (await (await asSession(ned, "/api/notebooks")).json()) as {
      notebooks: { id: string; title: string }[];
    };
    expect(list.notebooks.map((x) => x.title)).toEqual(["Incident 42: checkout"]);
    const found = (await (await asSession(ned, "/api/search?q=checkout")).json()) as { results: { id: string }[] };
    expect(found.results.some((h) => h.id === nb.id)).toBe(true);
    expect(((await (await asSession(nick, "/api/notebooks")).json()) as { notebooks: unknown[] }).notebooks).toEqual(
      [],
    );
    // Private again: the team loses it.
    const back = await asSession(again, `/api/notebooks/${nb.id}/team`, { method: "PUT", body: { team: null } });
    expect(back.status).toBe(200);
    expect((await asSession(ned, `/api/notebooks/${nb.id}`)).status).toBe(404);
  });
});
