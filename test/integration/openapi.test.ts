// The OpenAPI document and the contracts behind it: the registry lists exactly the app's routes, the document is
// structurally sound, and every declared response schema parses the real route's answer.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { newApp } from "../../worker/app";
import { endpointsOf, openApiPath } from "../../worker/openapi/document";
import { apiRoutes } from "../../worker/openapi/registry";
import { call, json, tokenWith } from "./helpers";
import { check, Clock, createMonitor, gauge, privateBase } from "./lib/monitor-fixture";

const endpoints = endpointsOf(newApp().routes);
const appKeys = endpoints.map((e) => `${e.method} ${e.path}`).sort();

describe("route registry", () => {
  it("lists exactly the routes the app serves", () => {
    const registered = Object.keys(apiRoutes).sort();
    expect({ missingFromRegistry: appKeys.filter((k) => !registered.includes(k)) }).toEqual({
      missingFromRegistry: [],
    });
    expect({ notInApp: registered.filter((k) => !appKeys.includes(k)) }).toEqual({ notInApp: [] });
  });

  it("reads each route's scope off its requireScope middleware", () => {
    const scope = (k: string) => endpoints.find((e) => `${e.method} ${e.path}` === k)?.scope;
    expect(scope("GET /api/monitors")).toBe("read");
    expect(scope("POST /api/incidents")).toBe("respond");
    expect(scope("POST /api/tokens")).toBe("admin"); // from .use("/tokens", requireScope("admin"))
    expect(scope("POST /api/ddx/metrics")).toBe("read"); // from .use("/ddx/*", ...)
    expect(scope("POST /api/v1/write")).toBe("ingest");
    expect(scope("GET /api/me")).toBeNull();
    expect(scope("GET /api/health")).toBeUndefined();
    expect(scope("GET /api/shared/notebooks/:secret")).toBeUndefined();
  });
});

describe("GET /api/openapi.json", () => {
  let doc: any;
  beforeAll(async () => {
    const res = await call("/api/openapi.json", { token: await tokenWith(["read"]) });
    expect(res.status).toBe(200);
    doc = await res.json();
  });

  it("is for signed-in callers with the read scope", async () => {
    expect((await call("/api/openapi.json", { token: null })).status).toBe(401);
    expect((await call("/api/openapi.json", { token: await tokenWith(["ingest"]) })).status).toBe(403);
  });

  it("is OpenAPI 3.1 with both credentials as security schemes", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: "apiKey", in: "cookie" });
  });

  it("lists every app route once, each with a summary and responses", () => {
    const listed: string[] = [];
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        listed.push(`${method.toUpperCase()} ${path}`);
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
        const named = new Set((op.parameters ?? []).filter((p: any) => p.in === "path").map((p: any) => p.name));
        expect([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((n) => !named.has(n))).toEqual([]);
      }
    }
    const expected = endpoints.map((e) => `${e.method} ${openApiPath(e.path).path}`).sort();
    expect(listed.sort()).toEqual(expected);
  });

  it("marks public routes public and scoped routes with both schemes", () => {
    expect(doc.paths["/api/health"].get.security).toEqual([]);
    expect(doc.paths["/api/monitors"].get.security).toEqual([{ bearerToken: [] }, { sessionCookie: [] }]);
    expect(doc.paths["/api/monitors"].post["x-required-scope"]).toBe("write");
    expect(doc.paths["/api/incidents"].get.parameters.map((p: any) => p.name)).toEqual(["status", "limit"]);
    expect(doc.paths["/api/incidents"].post.requestBody.content["application/json"].schema.type).toBe("object");
  });

  it("resolves every $ref", () => {
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object")
        for (const [k, x] of Object.entries(v)) k === "$ref" && typeof x === "string" ? refs.push(x) : walk(x);
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    const unresolved = refs.filter((ref) => {
      if (!ref.startsWith("#/")) return true;
      let at: any = doc;
      for (const part of ref.slice(2).split("/")) at = at?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
      return at === undefined;
    });
    expect(unresolved).toEqual([]);
  });
});

describe("contracts: each declared response parses the real answer", () => {
  const clock = new Clock(privateBase(211));
  afterAll(() => vi.useRealTimers());
  const uid = Math.random().toString(36).slice(2, 8);
  const ids = { monitor: "", alert: "", incident: "", change: "", team: "", slo: "", channel: "" };

  beforeAll(async () => {
    const metric = `contract_${uid}`;
    // No service label: the alert stays out of any incident until the attach route puts it in one.
    const m = await createMonitor({ name: `Contract ${uid}`, query: metric });
    ids.monitor = m.id;
    await gauge(metric, {}, clock.now, 5);
    await check(m.id);
    const alerts = (await (await call(`/api/alerts?monitorId=${m.id}&state=all`)).json()) as any;
    ids.alert = alerts.alerts[0].id;
    const inc = await json("/api/incidents", { title: `Contract ${uid}` });
    expect(inc.status).toBe(201);
    ids.incident = ((await inc.clone().json()) as any).incident.id;
    const ch = await json("/api/change-events", {
      title: `deploy ${uid}`,
      source: "ci",
      category: "deploys",
      type: "deploy",
      labels: { service: `svc-${uid}` },
    });
    expect(ch.status).toBe(201);
    ids.change = ((await ch.json()) as any).id;
    const team = await json("/api/teams", { name: `Contract team ${uid}` });
    expect(team.status).toBe(201);
    ids.team = ((await team.json()) as any).id;
    const slo = await json("/api/slos", {
      name: `Contract availability ${uid}`,
      sli: { kind: "ratio", bad: `${metric}_requests_total{status=~"5.."}`, total: `${metric}_requests_total` },
      objective: 0.995,
      window: "30d",
    });
    expect(slo.status, await slo.clone().text()).toBe(201);
    ids.slo = ((await slo.json()) as any).id;
    const channel = await json("/api/notification-channels", {
      kind: "slack",
      name: `Contract channel ${uid}`,
      config: { webhookUrl: "https://hooks.slack.test/contract" },
    });
    expect(channel.status).toBe(201);
    ids.channel = ((await channel.json()) as any).id;
  });

  /** How to call each route that declares a response; a declared response without a caller fails the test. */
  const callers: Record<string, () => Promise<Response>> = {
    "GET /api/health": () => call("/api/health"),
    "GET /api/me": () => call("/api/me"),
    "GET /api/auth/sessions": () => call("/api/auth/sessions"),
    "GET /api/users": () => call("/api/users"),
    "GET /api/users/:ref": () => call("/api/users/alice"),
    "GET /api/people/suggest": () => call("/api/people/suggest?q=a"),
    "GET /api/teams": () => call("/api/teams"),
    "POST /api/teams": () => json("/api/teams", { name: `Team ${uid}` }),
    "GET /api/teams/:team": () => call(`/api/teams/${ids.team}`),
    "GET /api/collections": () => call("/api/collections"),
    "GET /api/audit": () => call("/api/audit"),
    "GET /api/me/push-devices": () => call("/api/me/push-devices"),
    "GET /api/me/push-preferences": () => call("/api/me/push-preferences"),
    "GET /api/push/vapid-public-key": () => call("/api/push/vapid-public-key"),
    "GET /api/change-events": () => call("/api/change-events"),
    "GET /api/change-events/:id": () => call(`/api/change-events/${ids.change}`),
    "GET /api/monitors/:id/state": () => call(`/api/monitors/${ids.monitor}/state`),
    "GET /api/notification-channels": () => call("/api/notification-channels"),
    "PATCH /api/notification-channels/:id": () =>
      json(`/api/notification-channels/${ids.channel}`, { notifyPer: "incident" }, { method: "PATCH" }),
    "GET /api/alerts": () => call("/api/alerts?state=all"),
    "GET /api/alerts/:id": () => call(`/api/alerts/${ids.alert}`),
    "GET /api/inhibit-rules": () => call("/api/inhibit-rules"),
    "GET /api/incidents/settings": () => call("/api/incidents/settings"),
    "PUT /api/incidents/settings": async () => {
      const now = (await (await call("/api/incidents/settings")).json()) as any;
      return json(
        "/api/incidents/settings",
        { groupBy: now.groupBy, serviceGraph: now.serviceGraph, changeEvents: now.changeEvents },
        { method: "PUT" },
      );
    },
    "GET /api/incidents": () => call("/api/incidents?status=all"),
    "POST /api/incidents": () => json("/api/incidents", { title: `Another ${uid}` }),
    "GET /api/incidents/:id": () => call(`/api/incidents/${ids.incident}`),
    "PATCH /api/incidents/:id": () => json(`/api/incidents/${ids.incident}`, { severity: "sev3" }, { method: "PATCH" }),
    "POST /api/incidents/:id/comments": () => json(`/api/incidents/${ids.incident}/comments`, { body: "looking" }),
    "POST /api/incidents/:id/alerts": () => json(`/api/incidents/${ids.incident}/alerts`, { alertId: ids.alert }),
    "GET /api/services": () => call("/api/services"),
    "GET /api/services/graph": () => call("/api/services/graph"),
    "GET /api/services/:name/red": () =>
      call(`/api/services/nope-${uid}/red?start=${clock.now - 3_600_000}&end=${clock.now}`),
    "GET /api/slos/:id/status": () => call(`/api/slos/${ids.slo}/status`),
  };

  it("has a caller for every declared response", () => {
    const declared = Object.entries(apiRoutes)
      .filter(([, d]) => d.response)
      .map(([k]) => k);
    expect(declared.filter((k) => !callers[k])).toEqual([]);
  });

  for (const [key, doc] of Object.entries(apiRoutes)) {
    if (!doc.response) continue;
    it(key, async () => {
      const caller = callers[key];
      if (!caller) return; // reported by the test above
      const res = await caller();
      const text = await res.text();
      expect(res.status, text).toBe(doc.status ?? 200);
      const parsed = doc.response!.safeParse(JSON.parse(text));
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    });
  }
});
