import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";
import { asSession, sessionFor, teamWith } from "./people-helpers";

describe("teams", () => {
  it("admins create teams; handles are shared with people; names and slugs are unique", async () => {
    const res = await json("/api/teams", { name: "Payments", description: "Checkout and payment-gateway" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ slug: "payments", name: "Payments", memberCount: 0, channelIds: [] });
    expect((await json("/api/teams", { name: "payments" })).status).toBe(409);
    await tokenWith(["read"], "sam");
    expect((await json("/api/teams", { name: "Sam's", slug: "sam" })).status).toBe(409);
    const writer = await tokenWith(["write"]);
    expect((await json("/api/teams", { name: "Nope" }, { token: writer })).status).toBe(403);
    expect((await json("/api/teams", { name: "" })).status).toBe(400);
  });

  it("team admins manage members; roles map to scopes; a team admin is not an organisation admin", async () => {
    const team = await teamWith("Search", { tara: "admin", uma: "viewer" });
    const tara = await sessionFor("tara", ["read"]);
    const me = (await (await asSession(tara, "/api/me")).json()) as { scopes: string[] };
    expect(me.scopes).toEqual(["write"]);
    const add = await asSession(tara, `/api/teams/${team}/members`, { body: { user: "@uma", role: "responder" } });
    expect(add.status).toBe(201);
    const members = (await (await call(`/api/teams/search/members`)).json()) as {
      members: { handle: string; role: string }[];
    };
    expect(members.members.map((m) => [m.handle, m.role])).toEqual([
      ["tara", "admin"],
      ["uma", "responder"],
    ]);
    expect((await asSession(tara, "/api/tokens")).status).toBe(403);
    expect((await asSession(tara, "/api/teams", { body: { name: "Mine" } })).status).toBe(403);
    const uma = await sessionFor("uma", ["read"]);
    const umaTry = await asSession(uma, `/api/teams/${team}/members`, { body: { user: "tara", role: "viewer" } });
    expect(umaTry.status).toBe(403);
    expect(((await umaTry.json()) as { error: { message: string } }).error.message).toMatch(/role/);
    const other = await teamWith("Other", { vic: "admin" });
    const vic = await sessionFor("vic", ["read"]);
    expect((await asSession(vic, `/api/teams/${team}/members/uma`, { method: "DELETE" })).status).toBe(403);
    expect((await asSession(tara, `/api/teams/${team}/members/uma`, { method: "DELETE" })).status).toBe(200);
    expect(other).toMatch(/^tm_/);
  });

  it("a team's channels must exist; mine=1 lists the caller's teams", async () => {
    const team = await teamWith("Channels Team", { will: "admin" });
    const ch = (await (
      await json("/api/notification-channels", {
        kind: "slack",
        name: "#payments",
        config: { webhookUrl: "https://hooks.example/x" },
      })
    ).json()) as { id: string };
    const will = await sessionFor("will", ["read"]);
    const bad = await asSession(will, `/api/teams/${team}/channels`, {
      method: "PUT",
      body: { channelIds: ["ch_nope"] },
    });
    expect(bad.status).toBe(400);
    const ok = await asSession(will, `/api/teams/${team}/channels`, { method: "PUT", body: { channelIds: [ch.id] } });
    expect(((await ok.json()) as { channelIds: string[] }).channelIds).toEqual([ch.id]);
    const mine = (await (await asSession(will, "/api/teams?mine=1")).json()) as { teams: { name: string }[] };
    expect(mine.teams.map((t) => t.name)).toEqual(["Channels Team"]);
  });

  it("suggests people and teams for @-mentions", async () => {
    await teamWith("Platform Ops");
    await tokenWith(["read"], "plato");
    const res = await call("/api/people/suggest?q=pla");
    const { suggestions } = (await res.json()) as { suggestions: { kind: string; handle: string }[] };
    expect(suggestions.map((s) => `${s.kind}:${s.handle}`)).toEqual(["team:platform-ops", "user:plato"]);
  });
});

describe("audit log", () => {
  it("records who changed teams and tokens, shown per object; the whole log is for admins", async () => {
    const team = await teamWith("Audited", { xena: "admin" });
    const xena = await sessionFor("xena", ["read"]);
    await asSession(xena, `/api/teams/${team}`, { method: "PATCH", body: { description: "now described" } });
    const res = await call(`/api/audit?objectKind=team&objectId=${team}`);
    const { entries } = (await res.json()) as {
      entries: {
        action: string;
        actorId: string;
        actorKind: string;
        summary: string;
        actor: { handle: string } | null;
      }[];
    };
    expect(entries.map((e) => [e.action, e.actorId, e.actorKind])).toEqual([
      ["updated", "xena", "session"],
      ["members.created", "admin", "bootstrap"],
      ["created", "admin", "bootstrap"],
    ]);
    expect(entries[0]!.summary).toBe('team "Audited" updated');
    expect(entries[0]!.actor?.handle).toBe("xena");
    const reader = await tokenWith(["read"]);
    expect((await call("/api/audit", { token: reader })).status).toBe(403);
    expect((await call("/api/audit")).status).toBe(200);
    // A refused change leaves no line.
    const yuri = await sessionFor("yuri", ["read"]);
    await asSession(yuri, `/api/teams/${team}`, { method: "PATCH", body: { description: "hack" } });
    const again = (await (await call(`/api/audit?objectKind=team&objectId=${team}`)).json()) as { entries: unknown[] };
    expect(again.entries).toHaveLength(3);
  });
});
