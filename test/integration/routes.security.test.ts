// Every route the app serves, under browser sessions: the list comes from the app's own route table (the one the
// OpenAPI document and its registry are checked against), so a new route is swept the day it is added.
// - no credential: 401 on every route that mounts requireScope; the routes without one are exactly the public few;
// - a session without the CSRF token on a state-changing method: 403 before anything runs;
// - a viewer on a route needing more than `read`: 403 (and a viewer's reads are not refused, as a control);
// - a revoked session: 401 everywhere;
// - an editor of team Bravo on anything team Alpha owns: refused (403; 404 for a notebook they cannot even read).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { newApp } from "../../worker/app";
import { type Endpoint, endpointsOf } from "../../worker/openapi/document";
import { call, json } from "./helpers";
import { check, Clock, createMonitor, gauge, privateBase } from "./lib/monitor-fixture";
import { asSession, sessionFor, type TestSession, teamWith } from "./people-helpers";

const endpoints = endpointsOf(newApp().routes);
const keyOf = (e: Endpoint) => `${e.method} ${e.path}`;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const isPublic = (e: Endpoint) => e.scope === undefined;
const scoped = endpoints.filter((e) => !isPublic(e));

/** The routes that mount no requireScope: each carries its own credential (a one-time code, a signed push link, a
 * share secret) or says nothing about anyone. A new public route fails here until someone decides it should be. */
const PUBLIC = [
  "GET /api/health",
  "GET /api/auth/config",
  "GET /api/auth/oidc/login",
  "GET /api/auth/oidc/callback",
  "POST /api/push/ack",
  "POST /api/signin/exchange",
  "GET /api/shared/notebooks/:secret",
];

const uid = Math.random().toString(36).slice(2, 8);
const ALPHA = `Sweep Alpha ${uid}`;
const BRAVO = `Sweep Bravo ${uid}`;
const ids = {
  teamA: "",
  teamB: "",
  monitorA: "",
  monitorB: "",
  alertA: "",
  dashA: "",
  dashB: "",
  nbA: "",
  cellA: "",
  shareA: "",
  nbBob: "",
  sloA: "",
  sloB: "",
  collection: "",
};

const monitorBody = (name: string, team: string) => ({
  name,
  team,
  query: `sweep_${uid}`,
  intervalSeconds: 15,
  conditions: [{ severity: "critical", operator: ">", threshold: 1 }],
});
const dashboardModel = (title: string) => ({
  title,
  panels: [{ id: "rps", type: "timeseries", queries: [{ expr: "up" }], gridPos: { x: 0, y: 0, w: 12, h: 8 } }],
});
const sloBody = (name: string, teamId: string) => ({
  name,
  teamId,
  sli: { kind: "ratio", bad: `sweep_${uid}_requests_total{status=~"5.."}`, total: `sweep_${uid}_requests_total` },
  objective: 0.995,
  window: "30d",
});

/** A plausible value for each path parameter, by the segment before it; an unknown one fails the sweep. */
function fill(path: string): string {
  const values: Record<string, string> = {
    "sessions/:id": "0123456789abcdef",
    "users/:ref": `sw-viewer-${uid}`,
    "teams/:team": ids.teamA,
    "members/:user": `sw-amy-${uid}`,
    "groups/:group": "sweep-group",
    "collections/:id": ids.collection,
    "push-devices/:id": "psh_sweep",
    "tokens/:id": "tok_sweep",
    "change-events/:id": "chg_sweep",
    "dashboards/:id": ids.dashA,
    "versions/:version{[0-9]+}": "1",
    "panels/:panelId": "rps",
    "snapshots/:id": "snap_sweep",
    "notebooks/:id": ids.nbA,
    "cells/:cellId": ids.cellA,
    "share/:shareId": ids.shareA,
    "notebooks/:secret": "sweep-secret-that-names-no-notebook",
    "favorites/:kind": "dashboard",
    ":kind/:id": ids.dashA,
    "alerts/:id": ids.alertA,
    "monitors/:id": ids.monitorA,
    "notification-channels/:id": "ch_sweep",
    "slos/:id": ids.sloA,
    "muting-rules/:id": "mute_sweep",
    "inhibit-rules/:id": "inh_sweep",
    "incidents/:id": "inc_sweep",
    "silence/:id": "00000000-0000-4000-8000-000000000000",
    "traces/:traceId": "4bf92f3577b34da6a3ce929d0e0e4736",
    "services/:name": "checkout-service",
    "label/:name": "job",
  };
  const parts = path.split("/");
  return parts
    .map((seg, i) => {
      if (!seg.startsWith(":")) return seg;
      const v = values[`${parts[i - 1]}/${seg}`];
      if (v === undefined) throw new Error(`no plausible value for ${parts[i - 1]}/${seg} in ${path}: add one`);
      if (v === "") throw new Error(`fixture for ${parts[i - 1]}/${seg} was not made`);
      return encodeURIComponent(v);
    })
    .join("/");
}

/** Query strings a route needs before it answers a non-admin at all. */
const query = (): Record<string, string> => ({
  "GET /api/audit": `?objectKind=monitor&objectId=${ids.monitorA}`,
});

/** A request for an endpoint: its filled path, and an (empty) JSON body on a state-changing method. */
function requestOf(e: Endpoint): { path: string; method: string; body?: unknown } {
  const path = fill(e.path) + (query()[keyOf(e)] ?? "");
  return { path, method: e.method, ...(UNSAFE.has(e.method) ? { body: {} } : {}) };
}

interface Outcome {
  key: string;
  status: number;
  code?: string;
  message?: string;
}

async function outcome(key: string, res: Response): Promise<Outcome> {
  const text = await res.text();
  let err: { code?: string; message?: string } | undefined;
  try {
    err = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
  } catch {
    err = undefined;
  }
  return { key, status: res.status, code: err?.code, message: err?.message };
}

/** Send one request per endpoint, a few at a time (one workerd, one D1). */
async function sweep(list: Endpoint[], send: (e: Endpoint) => Promise<Response>): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (let i = 0; i < list.length; i += 16) {
    const batch = list.slice(i, i + 16);
    out.push(...(await Promise.all(batch.map(async (e) => outcome(keyOf(e), await send(e))))));
  }
  return out;
}

const asBrowser = (s: TestSession, e: Endpoint, csrf = true) => {
  const r = requestOf(e);
  return asSession(s, r.path, { method: r.method, body: r.body, csrf });
};

/** The outcomes that do not match, as readable lines (an empty list is the pass). */
const unexpected = (list: Outcome[], ok: (o: Outcome) => boolean) =>
  list.filter((o) => !ok(o)).map((o) => `${o.key} -> ${o.status} ${o.code ?? ""} ${o.message ?? ""}`.trim());

let root: TestSession;
let viewer: TestSession;
let revoked: TestSession;
let amy: TestSession;
let bob: TestSession;
let bea: TestSession;

// The file's own time window, so its metric and alert never meet another file's.
const clock = new Clock(privateBase(223));
afterAll(() => vi.useRealTimers());

beforeAll(async () => {
  // Team Alpha owns one of each kind; Bravo's editors are the intruders. bea also views Alpha (so she can read what
  // it owns, which must not let her change it); bob is on Bravo only.
  ids.teamA = await teamWith(ALPHA, { [`sw-amy-${uid}`]: "editor", [`sw-bea-${uid}`]: "viewer" });
  ids.teamB = await teamWith(BRAVO, { [`sw-bob-${uid}`]: "editor", [`sw-bea-${uid}`]: "editor" });
  [root, viewer, revoked, amy, bob, bea] = await Promise.all([
    sessionFor(`sw-root-${uid}`, ["admin"]),
    sessionFor(`sw-viewer-${uid}`, ["read"]),
    sessionFor(`sw-gone-${uid}`, ["admin"]),
    sessionFor(`sw-amy-${uid}`, ["read"]),
    sessionFor(`sw-bob-${uid}`, ["read"]),
    sessionFor(`sw-bea-${uid}`, ["read"]),
  ]);

  const created = async (res: Response) => {
    const text = await res.text();
    if (res.status !== 201) throw new Error(`fixture: ${res.status} ${text}`);
    return JSON.parse(text) as { id: string };
  };
  ids.monitorA = (await createMonitor(monitorBody(`Sweep A ${uid}`, ALPHA))).id;
  ids.monitorB = (await createMonitor(monitorBody(`Sweep B ${uid}`, BRAVO))).id;
  // A firing alert of Alpha's monitor: a sample over its threshold, then one evaluation.
  await gauge(`sweep_${uid}`, {}, clock.now, 5);
  await check(ids.monitorA);
  const alerts = (await (await call(`/api/alerts?monitorId=${ids.monitorA}&state=all`)).json()) as {
    alerts: { id: string }[];
  };
  ids.alertA = alerts.alerts[0]?.id ?? "";
  ids.dashA = (await created(await json("/api/dashboards", { model: dashboardModel("Sweep A"), team: ALPHA }))).id;
  ids.dashB = (await created(await json("/api/dashboards", { model: dashboardModel("Sweep B"), team: BRAVO }))).id;
  ids.sloA = (await created(await json("/api/slos", sloBody(`Sweep A ${uid}`, ids.teamA)))).id;
  ids.sloB = (await created(await json("/api/slos", sloBody(`Sweep B ${uid}`, ids.teamB)))).id;
  ids.collection = (await created(await json("/api/collections", { name: `Sweep collection ${uid}` }))).id;
  // amy's notebook, shared with Alpha, with a cell and a share link.
  const nb = (await created(
    await asSession(amy, "/api/notebooks", {
      body: { title: `Sweep A ${uid}`, cells: [{ type: "markdown", source: "Alpha's notes" }] },
    }),
  )) as { id: string; cells: { id: string }[] };
  ids.nbA = nb.id;
  ids.cellA = nb.cells[0]!.id;
  const shared = await asSession(amy, `/api/notebooks/${nb.id}/team`, { method: "PUT", body: { team: ALPHA } });
  if (shared.status !== 200) throw new Error(`share with team: ${shared.status} ${await shared.text()}`);
  ids.shareA = (await created(await asSession(amy, `/api/notebooks/${nb.id}/share`, { method: "POST" }))).id;
  ids.nbBob = (await created(await asSession(bob, "/api/notebooks", { body: { title: `Bob's ${uid}` } }))).id;

  // Revoked by an admin, the way an admin ends a person's sessions.
  const rev = await json(`/api/users/sw-gone-${uid}/sessions/revoke`, {});
  if (rev.status !== 200) throw new Error(`revoke: ${rev.status} ${await rev.text()}`);
});

describe("every route under cookie sessions", () => {
  it("the fixtures exist (an alert of Alpha's monitor included)", () => {
    expect(Object.entries(ids).filter(([, v]) => !v)).toEqual([]);
    expect(endpoints.length).toBeGreaterThan(150);
  });

  it("the only routes without requireScope are the public few", () => {
    expect(endpoints.filter(isPublic).map(keyOf).sort()).toEqual([...PUBLIC].sort());
  });

  it("no session and no token: 401 on every other route", async () => {
    const res = await sweep(scoped, (e) => {
      const r = requestOf(e);
      return r.body === undefined
        ? call(r.path, { method: r.method, token: null })
        : json(r.path, r.body, { method: r.method, token: null });
    });
    expect(res).toHaveLength(scoped.length);
    expect(unexpected(res, (o) => o.status === 401 && o.code === "UNAUTHENTICATED")).toEqual([]);
    // The public routes that change something refuse an empty body without their own credential.
    const publicWrites = endpoints.filter((e) => isPublic(e) && UNSAFE.has(e.method));
    const pub = await sweep(publicWrites, (e) => json(fill(e.path), {}, { method: e.method, token: null }));
    expect(unexpected(pub, (o) => o.status >= 400)).toEqual([]);
  });

  it("a session without the CSRF token: 403 on every state-changing route, before the route runs", async () => {
    const unsafe = scoped.filter((e) => UNSAFE.has(e.method));
    expect(unsafe.length).toBeGreaterThan(60);
    // An admin's session: the role would allow all of it, so the refusal can only be the missing token.
    const res = await sweep(unsafe, (e) => asBrowser(root, e, false));
    expect(
      unexpected(
        res,
        (o) => o.status === 403 && o.code === "FORBIDDEN" && /missing or wrong CSRF token/.test(o.message!),
      ),
    ).toEqual([]);
    // Nothing ran: the fixtures those requests named are all still there, and the session still works.
    expect((await asSession(root, `/api/monitors/${ids.monitorA}`)).status).toBe(200);
    expect((await asSession(root, `/api/dashboards/${ids.dashA}`)).status).toBe(200);
    expect((await asSession(root, `/api/teams/${ids.teamA}/members`)).status).toBe(200);
    expect((await asSession(amy, `/api/notebooks/${ids.nbA}`)).status).toBe(200);
  });

  it("a viewer: 403 wherever more than read is needed; the viewer's reads pass", async () => {
    const needsMore = scoped.filter((e) => e.scope !== null && e.scope !== "read");
    expect(needsMore.length).toBeGreaterThan(50);
    const refused = await sweep(needsMore, (e) => asBrowser(viewer, e));
    expect(
      unexpected(refused, (o) => o.status === 403 && /your role \(viewer\) cannot do this/.test(o.message ?? "")),
    ).toEqual([]);
    // Control: the same session with its CSRF token is let through where read (or any session) is enough.
    // Signing out goes last, alone.
    const logout = "POST /api/auth/logout";
    const reads = scoped.filter((e) => (e.scope === null || e.scope === "read") && keyOf(e) !== logout);
    const passed = await sweep(reads, (e) => asBrowser(viewer, e));
    expect(unexpected(passed, (o) => o.status !== 401 && o.status !== 403)).toEqual([]);
    expect((await asSession(viewer, "/api/auth/logout", { method: "POST" })).status).toBe(200);
  });

  it("a revoked session: 401 on every route", async () => {
    const res = await sweep(scoped, (e) => asBrowser(revoked, e));
    expect(unexpected(res, (o) => o.status === 401 && /session has ended/.test(o.message ?? ""))).toEqual([]);
  });
});

describe("another team's editor on what team Alpha owns", () => {
  /** What an owned object's path starts with, mapped to the id the sweep fills in. */
  const OWNED = ["/api/monitors/:id", "/api/dashboards/:id", "/api/notebooks/:id", "/api/slos/:id", "/api/teams/:team"];
  OWNED.push("/api/alerts/:id"); // an alert belongs to its monitor's team
  /** Writes on an owned object's path that leave the object as it was, open to anyone with the route's scope. */
  const ALLOWED: Record<string, string> = {
    "POST /api/monitors/:id/comments": "a comment adds to the conversation; mentions reach across teams",
    "POST /api/alerts/:id/comments": "a comment adds to the conversation; mentions reach across teams",
    "POST /api/dashboards/:id/panels/:panelId/snapshot":
      "a snapshot freezes data the caller may read anyway into a new object; the dashboard is unchanged",
  };
  const now = Date.now();
  /** A valid body for each write, so that only ownership can refuse it. */
  const bodies = (): Record<string, unknown> => ({
    "PUT /api/monitors/:id": monitorBody(`Sweep A ${uid}`, ALPHA),
    "PUT /api/dashboards/:id": { model: dashboardModel("Taken over"), version: 1 },
    "PUT /api/dashboards/:id/team": { team: BRAVO },
    "POST /api/dashboards/:id/panels/:panelId/snapshot": { from: now - 3_600_000, to: now, data: { series: [] } },
    "PUT /api/notebooks/:id/team": { team: BRAVO },
    "PATCH /api/notebooks/:id": { title: "Taken over" },
    "POST /api/notebooks/:id/cells": { cell: { type: "markdown", source: "mine now" } },
    "PATCH /api/notebooks/:id/cells/:cellId": { content: { type: "markdown", source: "mine now" } },
    "PUT /api/notebooks/:id/order": { cellIds: [ids.cellA] },
    "PUT /api/slos/:id": sloBody(`Sweep A ${uid}`, ids.teamA),
    "PATCH /api/teams/:team": { description: "taken over" },
    "POST /api/teams/:team/members": { user: `sw-bob-${uid}`, role: "admin" },
    "PATCH /api/teams/:team/members/:user": { role: "viewer" },
    "PUT /api/teams/:team/channels": { channelIds: [] },
    "PUT /api/teams/:team/groups": { group: "intruders", role: "admin" },
    "PUT /api/alerts/:id/resolution-note": { note: "not yours" },
    "POST /api/alerts/:id/acknowledge": { comment: "" },
    "POST /api/monitors/:id/comments": { body: `from Bravo ${uid}` },
    "POST /api/alerts/:id/comments": { body: `from Bravo ${uid}` },
  });
  const ownedWrites = () =>
    endpoints.filter((e) => UNSAFE.has(e.method) && OWNED.some((p) => e.path === p || e.path.startsWith(`${p}/`)));

  /** Refused: 403, or 404 where the intruder may not even read it (a notebook outside their teams). */
  const refusedFor = (who: "bob" | "bea") => (o: Outcome) =>
    who === "bob" && o.key.includes("/api/notebooks/:id")
      ? o.status === 404 && o.code === "NOT_FOUND"
      : o.status === 403 && o.code === "FORBIDDEN" && !/CSRF/.test(o.message ?? "");

  it("every write on the path of an Alpha-owned object is refused", async () => {
    const writes = ownedWrites();
    expect(writes.length).toBeGreaterThan(30);
    const body = bodies();
    for (const [who, s] of [
      ["bob", bob],
      ["bea", bea],
    ] as const) {
      const res = await sweep(
        writes.filter((e) => !ALLOWED[keyOf(e)]),
        (e) =>
          asSession(s, fill(e.path), {
            method: e.method,
            body: body[keyOf(e)] ?? (e.method === "DELETE" ? undefined : {}),
          }),
      );
      expect({ who, let: unexpected(res, refusedFor(who)) }).toEqual({ who, let: [] });
    }
    // Alpha-owned objects are untouched, and the exceptions do what they say.
    expect(
      ((await (await call(`/api/teams/${ids.teamA}`)).json()) as { members: { id: string }[] }).members
        .map((m) => m.id)
        .sort(),
    ).toEqual([`sw-amy-${uid}`, `sw-bea-${uid}`].sort());
    const allowed = await sweep(
      writes.filter((e) => ALLOWED[keyOf(e)]),
      (e) => asSession(bob, fill(e.path), { method: e.method, body: body[keyOf(e)] }),
    );
    expect(allowed.map((o) => `${o.key} -> ${o.status}`).sort()).toEqual(
      Object.keys(ALLOWED)
        .map((k) => `${k} -> 201`)
        .sort(),
    );
  });

  it("nor can they create something for Alpha, or move their own work onto it", async () => {
    const cases: [string, (s: TestSession) => Promise<Response>][] = [
      ["POST /api/monitors", (s) => asSession(s, "/api/monitors", { body: monitorBody(`Pushed ${uid}`, ALPHA) })],
      [
        "PUT /api/monitors/:id (Bravo's, to Alpha)",
        (s) =>
          asSession(s, `/api/monitors/${ids.monitorB}`, { method: "PUT", body: monitorBody(`Sweep B ${uid}`, ALPHA) }),
      ],
      [
        "POST /api/dashboards",
        (s) => asSession(s, "/api/dashboards", { body: { model: dashboardModel("x"), team: ALPHA } }),
      ],
      [
        "POST /api/dashboards/import",
        (s) => asSession(s, `/api/dashboards/import?team=${encodeURIComponent(ALPHA)}`, { body: dashboardModel("x") }),
      ],
      [
        "PUT /api/dashboards/:id/team (Bravo's, to Alpha)",
        (s) => asSession(s, `/api/dashboards/${ids.dashB}/team`, { method: "PUT", body: { team: ALPHA } }),
      ],
      ["POST /api/slos", (s) => asSession(s, "/api/slos", { body: sloBody(`Pushed ${uid}`, ids.teamA) })],
      [
        "PUT /api/slos/:id (Bravo's, to Alpha)",
        (s) => asSession(s, `/api/slos/${ids.sloB}`, { method: "PUT", body: sloBody(`Sweep B ${uid}`, ids.teamA) }),
      ],
      [
        "POST /api/collections",
        (s) => asSession(s, "/api/collections", { body: { name: `Pushed ${s.userId}`, teamId: ids.teamA } }),
      ],
    ];
    for (const s of [bob, bea]) {
      const res = await Promise.all(cases.map(async ([key, send]) => outcome(key, await send(s))));
      expect({ who: s.userId, let: unexpected(res, (o) => o.status === 403 && o.code === "FORBIDDEN") }).toEqual({
        who: s.userId,
        let: [],
      });
    }
    // Sharing a notebook with a team needs membership: bob is not in Alpha.
    const share = await asSession(bob, `/api/notebooks/${ids.nbBob}/team`, { method: "PUT", body: { team: ALPHA } });
    expect(share.status).toBe(403);
  });

  it("Alpha's own editor is not refused by the same checks", async () => {
    const put = await asSession(amy, `/api/monitors/${ids.monitorA}`, {
      method: "PUT",
      body: monitorBody(`Sweep A ${uid}`, ALPHA),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    const note = await asSession(amy, `/api/alerts/${ids.alertA}/resolution-note`, {
      method: "PUT",
      body: { note: "rolled back" },
    });
    expect(note.status, await note.clone().text()).toBe(200);
    const col = await asSession(amy, "/api/collections", { body: { name: `Alpha's ${uid}`, teamId: ids.teamA } });
    expect(col.status, await col.clone().text()).toBe(201);
  });
});
