import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json } from "./helpers";
import { asSession, sessionFor, teamWith } from "./people-helpers";

describe("sessions from a one-time link", () => {
  it("sets an HttpOnly, Secure, SameSite=Lax __Host- cookie holding a secret stored only as its hash", async () => {
    const link = await json("/api/signin-links", { scopes: ["write"], userId: "dana" });
    const { code } = (await link.json()) as { code: string };
    const res = await json("/api/signin/exchange", { code, session: true, timeZone: "Asia/Tokyo" }, { token: null });
    expect(res.status).toBe(201);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^__Host-vigil_session=vss_[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
    const body = (await res.json()) as { user: { id: string; timeZone: string; role: string } };
    expect(body).not.toHaveProperty("token");
    expect(body.user).toMatchObject({ id: "dana", timeZone: "Asia/Tokyo", role: "editor" });
    const secret = /=([^;]+)/.exec(cookie)![1];
    const rows = await env.DB.prepare("SELECT * FROM sessions WHERE user_id = 'dana'").all();
    expect(rows.results).toHaveLength(1);
    expect(JSON.stringify(rows.results)).not.toContain(secret);
  });

  it("GET /api/me tells a session who it is, with teams and a CSRF token", async () => {
    const team = await teamWith("Me Team", {});
    const s = await sessionFor("erin", ["read"]);
    expect((await json(`/api/teams/${team}/members`, { user: "erin", role: "editor" })).status).toBe(201);
    const me = (await (await asSession(s, "/api/me")).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ kind: "session", userId: "erin", scopes: ["write"], user: { handle: "erin" } });
    expect(me.teams).toEqual([{ id: team, slug: "me-team", name: "Me Team", role: "editor" }]);
    expect(me.csrfToken).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a write without the CSRF token, or with another session's", async () => {
    const s = await sessionFor("frank", ["write"]);
    const other = await sessionFor("gina", ["write"]);
    const body = { matchers: [{ label: "region", value: "us-east-1" }] };
    const no = await asSession(s, "/api/scope", { method: "PUT", body, csrf: false });
    expect(no.status).toBe(403);
    expect(((await no.json()) as { error: { message: string } }).error.message).toMatch(/CSRF/);
    const wrong = await asSession({ ...s, csrf: other.csrf }, "/api/scope", { method: "PUT", body });
    expect(wrong.status).toBe(403);
    expect((await asSession(s, "/api/scope", { method: "PUT", body })).status).toBe(200);
    // Reads need no token: a GET changes nothing.
    expect((await asSession(s, "/api/scope", { csrf: false })).status).toBe(200);
  });

  it("sign-out ends the session at once and clears the cookie", async () => {
    const s = await sessionFor("hank", ["read"]);
    expect((await asSession(s, "/api/me")).status).toBe(200);
    const out = await asSession(s, "/api/auth/logout", { method: "POST" });
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/__Host-vigil_session=;.*Max-Age=0/);
    const after = await asSession(s, "/api/me");
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { message: string } }).error.message).toMatch(/session has ended/);
  });

  it("an admin revokes all of a user's sessions; the user lists and revokes their own", async () => {
    const a = await sessionFor("ivy", ["read"]);
    const b = await sessionFor("ivy", ["read"]);
    const list = (await (await asSession(a, "/api/auth/sessions")).json()) as {
      sessions: { id: string; current: boolean; method: string }[];
    };
    expect(list.sessions).toHaveLength(2);
    expect(list.sessions.filter((x) => x.current)).toHaveLength(1);
    const otherId = list.sessions.find((x) => !x.current)!.id;
    expect((await asSession(a, `/api/auth/sessions/${otherId}`, { method: "DELETE" })).status).toBe(200);
    expect((await asSession(b, "/api/me")).status).toBe(401);
    const c2 = await sessionFor("ivy", ["read"]);
    const viewerTry = await asSession(c2, "/api/users/ivy/sessions/revoke", { method: "POST" });
    expect(viewerTry.status).toBe(403);
    const res = await json("/api/users/ivy/sessions/revoke", {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId: "ivy", revoked: 2 });
    expect((await asSession(a, "/api/me")).status).toBe(401);
    expect((await asSession(c2, "/api/me")).status).toBe(401);
  });

  it("expired and idle sessions stop working", async () => {
    const s = await sessionFor("jack", ["read"]);
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE user_id = 'jack'")
      .bind(Date.now() - 1)
      .run();
    expect((await asSession(s, "/api/me")).status).toBe(401);
    const t = await sessionFor("kate", ["read"]);
    await env.DB.prepare("UPDATE sessions SET last_seen_at = ? WHERE user_id = 'kate'")
      .bind(Date.now() - 73 * 3_600_000)
      .run();
    expect((await asSession(t, "/api/me")).status).toBe(401);
  });

  it("a disabled user is signed out everywhere", async () => {
    const s = await sessionFor("leo", ["write"]);
    const res = await call("/api/users/leo", {
      method: "PATCH",
      body: JSON.stringify({ disabled: true }),
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(200);
    expect((await asSession(s, "/api/me")).status).toBe(401);
  });

  it("a WebSocket upgrade with a session cookie from another origin is refused", async () => {
    const s = await sessionFor("mia", ["read"]);
    const res = await asSession(s, "/api/live?topics=alerts", {
      headers: { upgrade: "websocket", origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
  });
});

describe("profiles", () => {
  it("a person edits name, handle, zone and UTC display; bad zones and taken handles are refused", async () => {
    const s = await sessionFor("nora", ["read"]);
    await teamWith("Taken Team");
    const ok = await asSession(s, "/api/me", {
      method: "PATCH",
      body: { name: "Nora N", handle: "nora.n", timeZone: "America/Sao_Paulo", timeDisplay: "utc" },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      name: "Nora N",
      handle: "nora.n",
      timeZone: "America/Sao_Paulo",
      timeZoneSource: "user",
      timeDisplay: "utc",
    });
    const bad = await asSession(s, "/api/me", { method: "PATCH", body: { timeZone: "Mars/Olympus" } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/IANA/);
    const taken = await asSession(s, "/api/me", { method: "PATCH", body: { handle: "taken-team" } });
    expect(taken.status).toBe(409);
    // The browser's guess never replaces a zone the person chose.
    const guess = await asSession(s, "/api/me", {
      method: "PATCH",
      body: { timeZone: "Europe/Paris", timeZoneSource: "browser" },
    });
    expect(((await guess.json()) as { timeZone: string }).timeZone).toBe("America/Sao_Paulo");
  });
});
