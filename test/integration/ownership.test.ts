import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";
import { LiveClient } from "./lib/live-client";
import { asSession, sessionFor, teamWith } from "./people-helpers";

const monitor = (name: string, team: string) => ({
  name,
  team,
  collection: "Commerce Platform",
  query: "up",
  conditions: [{ severity: "critical", operator: ">", threshold: 1 }],
});

describe("ownership of monitors", () => {
  it("team and collection become real objects; an unknown team is refused to non-admins", async () => {
    const created = await json("/api/monitors", monitor("Owned by Payments", "Payments"));
    expect(created.status).toBe(201);
    const def = (await created.json()) as { teamId: string; team: string; collectionId: string; collection: string };
    expect(def.teamId).toMatch(/^tm_/);
    expect(def.collectionId).toMatch(/^col_/);
    expect(def).toMatchObject({ team: "Payments", collection: "Commerce Platform" });
    const team = (await (await call("/api/teams/payments")).json()) as { id: string };
    expect(team.id).toBe(def.teamId);
    const writer = await tokenWith(["write"]);
    const bad = await json("/api/monitors", monitor("Ghost team", "Ghosts"), { token: writer });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/no team 'Ghosts'/);
  });

  it("editing needs editor rights on the owning team; tokens keep their scopes", async () => {
    await teamWith("Checkout", { olga: "editor", pete: "viewer" });
    await teamWith("Search Eng", { quinn: "editor" });
    const m = (await (await json("/api/monitors", monitor("Checkout burn", "Checkout"))).json()) as {
      id: string;
    };
    const olga = await sessionFor("olga");
    const pete = await sessionFor("pete");
    const quinn = await sessionFor("quinn");
    const edit = monitor("Checkout burn v2", "Checkout");
    expect((await asSession(pete, `/api/monitors/${m.id}`, { method: "PUT", body: edit })).status).toBe(403);
    const other = await asSession(quinn, `/api/monitors/${m.id}`, { method: "PUT", body: edit });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { message: string } }).error.message).toMatch(
      /editor role on team Checkout/,
    );
    expect((await asSession(quinn, `/api/monitors/${m.id}`, { method: "DELETE" })).status).toBe(403);
    // Moving it to one's own team is still editing another team's monitor.
    const steal = await asSession(quinn, `/api/monitors/${m.id}`, {
      method: "PUT",
      body: monitor("Mine now", "Search Eng"),
    });
    expect(steal.status).toBe(403);
    const ok = await asSession(olga, `/api/monitors/${m.id}`, { method: "PUT", body: edit });
    expect(ok.status).toBe(200);
    // Olga cannot hand it to a team she does not edit.
    const give = await asSession(olga, `/api/monitors/${m.id}`, { method: "PUT", body: monitor("x", "Search Eng") });
    expect(give.status).toBe(403);
    const writer = await tokenWith(["write"]);
    expect((await json(`/api/monitors/${m.id}`, edit, { method: "PUT", token: writer })).status).toBe(200);
    // The audit log names who changed it.
    const audit = (await (await call(`/api/audit?objectKind=monitor&objectId=${m.id}`)).json()) as {
      entries: { actorId: string; action: string }[];
    };
    expect(audit.entries.map((e) => `${e.actorId}:${e.action}`)).toEqual([
      "alice:updated",
      "olga:updated",
      "admin:created",
    ]);
  });

  it("lists filter by my teams", async () => {
    await teamWith("Filter A", { rita: "responder" });
    await teamWith("Filter B");
    await json("/api/monitors", monitor("In A", "Filter A"));
    await json("/api/monitors", monitor("In B", "Filter B"));
    const rita = await sessionFor("rita");
    const mine = (await (await asSession(rita, "/api/monitors?mine=1")).json()) as { monitors: { name: string }[] };
    expect(mine.monitors.map((x) => x.name)).toEqual(["In A"]);
    const byTeam = (await (await call("/api/monitors?team=Filter B")).json()) as { monitors: { name: string }[] };
    expect(byTeam.monitors.map((x) => x.name)).toEqual(["In B"]);
  });
});

describe("mentions", () => {
  it("a comment's @-mentions reach the people and the team's members on their own live topic", async () => {
    await teamWith("Mention Team", { sara: "responder", tom: "viewer" });
    const m = (await (await json("/api/monitors", monitor("Mentioned", "Mention Team"))).json()) as { id: string };
    const sara = await sessionFor("sara");
    const res = await asSession(sara, "/api/live?topics=user:sara", { headers: { upgrade: "websocket" } });
    expect(res.status).toBe(101);
    res.webSocket!.accept();
    const feed = new LiveClient(res.webSocket!);
    await feed.until(1);
    const tom = await sessionFor("tom");
    const spy = await asSession(tom, "/api/live?topics=user:sara", { headers: { upgrade: "websocket" } });
    expect(spy.status).toBe(403);
    const posted = await json(`/api/monitors/${m.id}/comments`, { body: "@mention-team and @sara: look at v3.41.0" });
    expect(posted.status).toBe(201);
    const body = (await posted.json()) as { by: { handle: string }; mentioned: { userIds: string[] } };
    expect(body.by.handle).toBe("admin");
    expect(body.mentioned.userIds.sort()).toEqual(["sara", "tom"]);
    await feed.until(2);
    const [ev] = feed.events();
    expect(ev).toMatchObject({
      topic: "user:sara",
      event: { kind: "mention.created", data: { by: { handle: "admin" }, on: { kind: "monitor.comment", id: m.id } } },
    });
    // Comments show their author as a person.
    const list = (await (await call(`/api/monitors/${m.id}/comments`)).json()) as {
      comments: { by: { name: string } }[];
    };
    expect(list.comments[0]!.by.name).toBe("Admin");
    feed.close();
  });

  it("a viewer cannot comment; a responder can", async () => {
    await teamWith("Comment Team", { ursula: "responder", vera: "viewer" });
    const m = (await (await json("/api/monitors", monitor("Commented", "Comment Team"))).json()) as { id: string };
    const vera = await sessionFor("vera");
    const ursula = await sessionFor("ursula");
    expect((await asSession(vera, `/api/monitors/${m.id}/comments`, { body: { body: "hi" } })).status).toBe(403);
    expect((await asSession(ursula, `/api/monitors/${m.id}/comments`, { body: { body: "hi" } })).status).toBe(201);
  });
});
