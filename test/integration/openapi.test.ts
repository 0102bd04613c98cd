// The OpenAPI document and the contracts behind it: the registry lists exactly the app's routes, the document is
// structurally sound, and every declared response schema parses the real route's answer.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { newApp } from "../../worker/app";
import { endpointsOf, openApiPath } from "../../worker/openapi/document";
import { apiRoutes } from "../../worker/openapi/registry";
import { call, json, tokenWith } from "./helpers";
import { MIN } from "../fixtures/ddx/checkout";
import { logsJson } from "./traces-fixtures";
import { writeCheckoutMetrics, writeCheckoutSpans } from "./lib/ddx-scenario";
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
  const ids = {
    monitor: "",
    alert: "",
    incident: "",
    change: "",
    team: "",
    slo: "",
    dashboard: "",
    snapshot: "",
    notebook: "",
    cell: "",
    secret: "",
    silence: "",
  };

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
    const slo = await json("/api/slos", sloBody(`Contract availability ${uid}`));
    expect(slo.status, await slo.clone().text()).toBe(201);
    ids.slo = ((await slo.json()) as any).id;
    expect((await json(`/api/monitors/${m.id}/comments`, { body: "watching" })).status).toBe(201);
    expect((await json(`/api/alerts/${ids.alert}/comments`, { body: "on it" })).status).toBe(201);
    const dash = await json("/api/dashboards", { model: dashboardModel(`Contract board ${uid}`) });
    expect(dash.status, await dash.clone().text()).toBe(201);
    ids.dashboard = ((await dash.json()) as any).id;
    const edited = { ...dashboardModel(`Contract board ${uid}`), tags: ["edited"] };
    expect(
      (await json(`/api/dashboards/${ids.dashboard}`, { model: edited, version: 1 }, { method: "PUT" })).status,
    ).toBe(200);
    const snap = await json(`/api/dashboards/${ids.dashboard}/panels/p1/snapshot`, {
      from: clock.now - 3_600_000,
      to: clock.now,
      data: { series: [] },
    });
    expect(snap.status, await snap.clone().text()).toBe(201);
    ids.snapshot = ((await snap.json()) as any).id;
    const nb = await json("/api/notebooks", { title: `Contract notes ${uid}`, cells: notebookCells });
    expect(nb.status, await nb.clone().text()).toBe(201);
    const nbBody = (await nb.json()) as any;
    ids.notebook = nbBody.id;
    ids.cell = nbBody.cells[0].id;
    const share = await call(`/api/notebooks/${ids.notebook}/share`, { method: "POST" });
    expect(share.status).toBe(201);
    ids.secret = ((await share.json()) as any).secret;
    // The checkout incident (a bad deploy at t0), for DDx answers with ranked rows and a linked change.
    await writeCheckoutMetrics(t0, t0 - 40 * MIN, clock.now, 30_000);
    await writeCheckoutSpans(t0, t0 - 70 * MIN, clock.now, 0.005);
    const deploy = await json("/api/change-events", {
      title: "Deploy: checkout-service v3.41.0",
      source: "ArgoCD",
      category: "deploys",
      happenedAt: t0,
      labels: { service: "checkout-service", region: "us-east-1" },
    });
    expect(deploy.status).toBe(201);
    const logs = await json(
      "/v1/logs",
      logsJson(
        [0, 1, 2].map((i) => ({
          timeMs: clock.now - (i + 1) * 60_000,
          service: "checkout-service",
          severityNumber: i ? 9 : 17,
          severityText: i ? "INFO" : "ERROR",
          body: `contract log ${i} ${uid}`,
          traceId: i ? undefined : "0af7651916cd43dd8448eb211c80319c",
          spanId: i ? undefined : "b7ad6b7169203331",
          attributes: { "http.route": "/checkout" },
        })),
      ),
    );
    expect(logs.status, await logs.clone().text()).toBe(200);
    const silence = await json("/api/v2/silences", amSilence(`contract silence ${uid}`));
    expect(silence.status, await silence.clone().text()).toBe(200);
    ids.silence = ((await silence.json()) as any).silenceID;
  }, 120_000);

  const inhibitBody = (name: string) => ({
    name,
    sourceMatchers: [{ name: "severity", op: "=", value: "critical" }],
    targetMatchers: [{ name: "severity", op: "=", value: "warning" }],
    equal: ["service"],
  });
  const newInhibit = async (name: string) =>
    ((await (await json("/api/inhibit-rules", inhibitBody(name))).json()) as any).id;
  const pushDevice = (deviceName: string) => ({
    endpoint: `https://push.example.test/send/${uid}-${deviceName.length}`,
    keys: { p256dh: "B".repeat(87), auth: "A".repeat(22) },
    deviceName,
  });
  const muteBody = (comment: string) => ({
    matchers: [{ name: "monitor", op: "=", value: `contract-${uid}` }],
    duration: "1h",
    comment,
    timeIntervals: [{ weekdays: ["sunday:saturday"] }],
  });
  const newMute = async (comment: string) =>
    ((await (await json("/api/muting-rules", muteBody(comment))).json()) as any).id;
  const amSilence = (comment: string) => ({
    matchers: [{ name: "monitor", value: `contract-${uid}`, isRegex: false, isEqual: true }],
    startsAt: new Date(clock.now - 60_000).toISOString(),
    endsAt: new Date(clock.now + 3_600_000).toISOString(),
    createdBy: "alice",
    comment,
  });

  const t0 = clock.now - 25 * MIN;
  const ddxWindow = { start: t0 + 5 * MIN, end: t0 + 20 * MIN };

  /** One cell of most kinds, so the loose cell schema meets each. */
  const notebookCells = [
    { type: "markdown", source: "# Findings", title: "Notes" },
    { type: "query_chart", query: `rate(contract_${uid}[5m])`, timeOverride: { from: "now-6h", to: "now" } },
    { type: "snapshot_chart", query: `contract_${uid}`, data: { series: [] } },
    { type: "ddx", kind: "metric", result: { ranked: [] } },
    { type: "log_line", timestamp: 1_700_000_000_000, body: "timeout", service: "checkout" },
    { type: "trace_link", traceId: "0af7651916cd43dd8448eb211c80319c", service: "checkout" },
  ];

  /** A dashboard with a chart, a markdown panel and a change-event overlay that matches the deploy above. */
  const dashboardModel = (title: string) => ({
    title,
    tags: ["contract"],
    panels: [
      {
        id: "p1",
        type: "timeseries",
        title: "Requests",
        queries: [{ expr: `contract_${uid}` }],
        gridPos: { x: 0, y: 0, w: 12, h: 8 },
      },
      { id: "notes", type: "markdown", content: "**Runbook**", gridPos: { x: 12, y: 0, w: 12, h: 8 } },
    ],
    eventOverlay: {
      categories: ["deploys"],
      labels: { service: `svc-${uid}` },
      hoverFields: [{ label: "Source", field: "source" }],
    },
  });

  const sloBody = (name: string) => ({
    name,
    sli: {
      kind: "ratio",
      bad: `contract_${uid}_requests_total{status=~"5.."}`,
      total: `contract_${uid}_requests_total`,
    },
    objective: 0.995,
    window: "30d",
  });
  const monitorBody = (name: string) => ({
    name,
    query: `contract_${uid}`,
    intervalSeconds: 60,
    conditions: [{ severity: "warning", operator: ">", threshold: 10, sustain: "5m" }],
  });

  /** A Prometheus HTTP API route answers GET (query string) and POST (form body) alike: one caller for each. */
  const promBoth = (path: string, params: () => Record<string, string> = () => ({})) => ({
    [`GET ${path}`]: () => {
      const q = new URLSearchParams(params()).toString();
      return call(q ? `${path}?${q}` : path);
    },
    [`POST ${path}`]: () =>
      call(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(params()).toString(),
      }),
  });
  const secs = (ms: number) => String(ms / 1000);
  const lastHour = () => ({ start: secs(clock.now - 3_600_000), end: secs(clock.now) });
  const checkoutRate = 'sum by (status) (rate(checkout_http_requests_total{status=~"5.."}[5m]))';

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
    "GET /api/dashboards": () => call("/api/dashboards"),
    "POST /api/dashboards/provision": () => call("/api/dashboards/provision", { method: "POST" }),
    "POST /api/dashboards": () => json("/api/dashboards", { model: dashboardModel(`Created ${uid}`) }),
    "POST /api/dashboards/import": async () => {
      const exported = await (await call(`/api/dashboards/${ids.dashboard}/export`)).json();
      return json("/api/dashboards/import", exported);
    },
    "GET /api/dashboards/:id": () => call(`/api/dashboards/${ids.dashboard}`),
    "PUT /api/dashboards/:id": async () => {
      const now = (await (await call(`/api/dashboards/${ids.dashboard}`)).json()) as any;
      return json(`/api/dashboards/${ids.dashboard}`, { model: now.model, version: now.version }, { method: "PUT" });
    },
    "DELETE /api/dashboards/:id": async () => {
      const d = (await (await json("/api/dashboards", { model: dashboardModel(`Gone ${uid}`) })).json()) as any;
      return call(`/api/dashboards/${d.id}`, { method: "DELETE" });
    },
    "PUT /api/dashboards/:id/team": () =>
      json(`/api/dashboards/${ids.dashboard}/team`, { team: ids.team }, { method: "PUT" }),
    "GET /api/dashboards/:id/export": () => call(`/api/dashboards/${ids.dashboard}/export`),
    "GET /api/dashboards/:id/versions": () => call(`/api/dashboards/${ids.dashboard}/versions`),
    "GET /api/dashboards/:id/versions/:version{[0-9]+}": () => call(`/api/dashboards/${ids.dashboard}/versions/1`),
    "POST /api/dashboards/:id/versions/:version{[0-9]+}/restore": () =>
      call(`/api/dashboards/${ids.dashboard}/versions/1/restore`, { method: "POST" }),
    "GET /api/dashboards/:id/events": async () => {
      const res = await call(
        `/api/dashboards/${ids.dashboard}/events?from=${clock.now - 86_400_000}&to=${clock.now + 60_000}`,
      );
      const body = (await res.clone().json()) as any;
      expect(body.markers?.length, "the overlay matches the deploy").toBeGreaterThan(0);
      return res;
    },
    "POST /api/dashboards/:id/panels/:panelId/snapshot": () =>
      json(`/api/dashboards/${ids.dashboard}/panels/p1/snapshot`, {
        from: clock.now - 60_000,
        to: clock.now,
        data: [1],
      }),
    "GET /api/dashboards/:id/snapshots": () => call(`/api/dashboards/${ids.dashboard}/snapshots`),
    "GET /api/snapshots/:id": () => call(`/api/snapshots/${ids.snapshot}`),
    "GET /api/notebooks": () => call("/api/notebooks"),
    "POST /api/notebooks": () => json("/api/notebooks", { title: `Another ${uid}` }),
    "GET /api/notebooks/:id": () => call(`/api/notebooks/${ids.notebook}`),
    "PUT /api/notebooks/:id/team": () =>
      json(`/api/notebooks/${ids.notebook}/team`, { team: ids.team }, { method: "PUT" }),
    "PATCH /api/notebooks/:id": () =>
      json(`/api/notebooks/${ids.notebook}`, { title: `Renamed ${uid}` }, { method: "PATCH" }),
    "DELETE /api/notebooks/:id": async () => {
      const nb = (await (await json("/api/notebooks", { title: `Gone ${uid}` })).json()) as any;
      return call(`/api/notebooks/${nb.id}`, { method: "DELETE" });
    },
    "POST /api/notebooks/:id/cells": () =>
      json(`/api/notebooks/${ids.notebook}/cells`, { cell: { type: "markdown", source: "more" }, position: 0 }),
    "PATCH /api/notebooks/:id/cells/:cellId": () =>
      json(`/api/notebooks/${ids.notebook}/cells/${ids.cell}`, { title: "Edited" }, { method: "PATCH" }),
    "DELETE /api/notebooks/:id/cells/:cellId": async () => {
      const nb = (await (
        await json(`/api/notebooks/${ids.notebook}/cells`, { cell: { type: "markdown", source: "x" } })
      ).json()) as any;
      return call(`/api/notebooks/${ids.notebook}/cells/${nb.cells.at(-1).id}`, { method: "DELETE" });
    },
    "PUT /api/notebooks/:id/order": async () => {
      const nb = (await (await call(`/api/notebooks/${ids.notebook}`)).json()) as any;
      const cellIds = nb.cells.map((c: any) => c.id).reverse();
      return json(`/api/notebooks/${ids.notebook}/order`, { cellIds }, { method: "PUT" });
    },
    "POST /api/notebooks/:id/share": () => call(`/api/notebooks/${ids.notebook}/share`, { method: "POST" }),
    "DELETE /api/notebooks/:id/share": async () => {
      const nb = (await (await json("/api/notebooks", { title: `Unshared ${uid}` })).json()) as any;
      await call(`/api/notebooks/${nb.id}/share`, { method: "POST" });
      return call(`/api/notebooks/${nb.id}/share`, { method: "DELETE" });
    },
    "DELETE /api/notebooks/:id/share/:shareId": async () => {
      const nb = (await (await json("/api/notebooks", { title: `Unshared one ${uid}` })).json()) as any;
      const share = (await (await call(`/api/notebooks/${nb.id}/share`, { method: "POST" })).json()) as any;
      return call(`/api/notebooks/${nb.id}/share/${share.id}`, { method: "DELETE" });
    },
    "GET /api/shared/notebooks/:secret": () => call(`/api/shared/notebooks/${ids.secret}`, { token: null }),
    "POST /api/ddx/metrics": async () => {
      const res = await json("/api/ddx/metrics", {
        query: 'sum by (region, version) (rate(checkout_http_requests_total{status=~"5.."}[1m]))',
        window: ddxWindow,
      });
      expect(((await res.clone().json()) as any).output?.ranked?.length, "ranked rows").toBeGreaterThan(0);
      return res;
    },
    "POST /api/ddx/traces": async () => {
      const res = await json("/api/ddx/traces", { service: "checkout-service", window: ddxWindow });
      expect(((await res.clone().json()) as any).output?.ranked?.length, "ranked rows").toBeGreaterThan(0);
      return res;
    },
    "GET /api/alerts/:id/investigation": () => call(`/api/alerts/${ids.alert}/investigation`),
    "GET /api/traces/search": async () => {
      const res = await call("/api/traces/search?service=checkout-service&limit=5");
      expect(((await res.clone().json()) as any).nextCursor, "a second page").toBeTruthy();
      return res;
    },
    "GET /api/traces/stats": () => call("/api/traces/stats?groupBy=service,operation"),
    "GET /api/traces/:traceId": async () => {
      const found = (await (await call("/api/traces/search?status=error&limit=1")).json()) as any;
      return call(`/api/traces/${found.traces[0].traceId}`);
    },
    "GET /api/logs/histogram": () => call("/api/logs/histogram?service=checkout-service"),
    "GET /api/logs": async () => {
      const res = await call("/api/logs?service=checkout-service&limit=2");
      const page = (await res.clone().json()) as any;
      expect([page.logs.length, !!page.nextCursor, page.logs.some((l: any) => l.traceLink)]).toEqual([2, true, true]);
      return res;
    },
    "GET /api/scope": () => call("/api/scope"),
    "PUT /api/scope": () => json("/api/scope", { text: "environment=production" }, { method: "PUT" }),
    "POST /api/scope/apply": () =>
      json("/api/scope/apply", { query: "sum(rate(http_requests_total[5m]))", text: 'region=~"us-.*"' }),
    "GET /api/favorites": async () => {
      await json(`/api/favorites/dashboard/${ids.dashboard}`, { title: "Board" }, { method: "PUT" });
      return call("/api/favorites");
    },
    "PUT /api/favorites/:kind/:id": () =>
      json(`/api/favorites/notebook/${ids.notebook}`, { title: "Notes" }, { method: "PUT" }),
    "DELETE /api/favorites/:kind/:id": async () => {
      await json(`/api/favorites/monitor/${ids.monitor}`, {}, { method: "PUT" });
      return call(`/api/favorites/monitor/${ids.monitor}`, { method: "DELETE" });
    },
    "GET /api/recent": () => call("/api/recent"),
    "POST /api/recent": () => json("/api/recent", { kind: "service", id: "checkout-service" }),
    "GET /api/home": async () => {
      const res = await call("/api/home");
      const home = (await res.clone().json()) as any;
      expect([home.alerts.length, home.comments.length, home.changes.length].every((n) => n > 0)).toBe(true);
      return res;
    },
    "GET /api/search": () => call("/api/search?q=checkout"),
    ...promBoth("/api/v1/query", () => ({ query: checkoutRate, time: secs(clock.now) })),
    ...promBoth("/api/v1/query_range", () => ({ query: checkoutRate, ...lastHour(), step: "60" })),
    ...promBoth("/api/v1/series", () => ({ "match[]": "checkout_http_requests_total", ...lastHour() })),
    ...promBoth("/api/v1/labels", lastHour),
    "GET /api/v1/label/:name/values": () => call(`/api/v1/label/region/values?${new URLSearchParams(lastHour())}`),
    "POST /api/v1/label/:name/values": () =>
      call("/api/v1/label/__name__/values", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(lastHour()).toString(),
      }),
    ...promBoth("/api/v1/metadata"),
    ...promBoth("/api/v1/status/buildinfo"),
    ...promBoth("/api/v1/format_query", () => ({ query: "sum(rate(x[5m]))by(job)" })),
    ...promBoth("/api/v1/query_exemplars", () => ({ query: "checkout_http_requests_total", ...lastHour() })),
    ...promBoth("/api/v1/rules"),
    ...promBoth("/api/v1/alerts"),
    ...promBoth("/api/v1/targets"),
    ...promBoth("/api/v1/status/config"),
    ...promBoth("/api/v1/status/flags"),
    ...promBoth("/api/v1/status/runtimeinfo"),
    ...promBoth("/api/v1/status/tsdb"),
    ...promBoth("/api/v1/status/walreplay"),
    "GET /api/v2/silences": () => call("/api/v2/silences"),
    "POST /api/v2/silences": () => json("/api/v2/silences", amSilence(`another ${uid}`)),
    "GET /api/v2/silence/:id": () => call(`/api/v2/silence/${ids.silence}`),
    "GET /api/v2/alerts": async () => {
      const res = await call("/api/v2/alerts");
      const alerts = (await res.clone().json()) as any[];
      expect(
        alerts.some((a) => a.status.state === "suppressed"),
        "the silence suppresses the contract alert",
      ).toBe(true);
      return res;
    },
    "GET /api/alerts/:id/history": () => call(`/api/alerts/${ids.alert}/history`),
    "PUT /api/alerts/:id/resolution-note": () =>
      json(`/api/alerts/${ids.alert}/resolution-note`, { note: "restarted the pod" }, { method: "PUT" }),
    "POST /api/alerts/:id/acknowledge": () => json(`/api/alerts/${ids.alert}/acknowledge`, { comment: "mine" }),
    "DELETE /api/alerts/:id/acknowledge": () => call(`/api/alerts/${ids.alert}/acknowledge`, { method: "DELETE" }),
    "POST /api/monitors/:id/comments": () =>
      json(`/api/monitors/${ids.monitor}/comments`, { body: `@alice have a look ${uid}` }),
    "POST /api/alerts/:id/comments": () => json(`/api/alerts/${ids.alert}/comments`, { body: "looking" }),
    "GET /api/muting-rules": async () => {
      const res = await call("/api/muting-rules");
      const rules = ((await res.clone().json()) as any).rules;
      expect(
        rules.some((r: any) => r.holding.count > 0),
        "an active rule holds the contract alert",
      ).toBe(true);
      return res;
    },
    "POST /api/muting-rules/preview": () => json("/api/muting-rules/preview", muteBody("preview")),
    "POST /api/muting-rules": () => json("/api/muting-rules", muteBody(`posted ${uid}`)),
    "GET /api/muting-rules/:id": async () => call(`/api/muting-rules/${await newMute(`got ${uid}`)}`),
    "POST /api/muting-rules/:id/expire": async () =>
      call(`/api/muting-rules/${await newMute(`expired ${uid}`)}/expire`, { method: "POST" }),
    "POST /api/muting-rules/:id/extend": async () =>
      json(`/api/muting-rules/${await newMute(`extended ${uid}`)}/extend`, { by: "30m" }),
    "DELETE /api/muting-rules/:id": async () =>
      call(`/api/muting-rules/${await newMute(`deleted ${uid}`)}`, { method: "DELETE" }),
    "POST /api/notification-channels": () =>
      json("/api/notification-channels", {
        kind: "slack",
        name: `Contract Slack ${uid}`,
        config: { webhookUrl: "https://hooks.slack.example/services/T000/B000/XXXXXXXX" },
      }),
    "DELETE /api/notification-channels/:id": async () => {
      const ch = (await (
        await json("/api/notification-channels", {
          kind: "slack",
          name: `Gone ${uid}`,
          config: { webhookUrl: "https://hooks.slack.example/services/T000/B000/YYYYYYYY" },
        })
      ).json()) as any;
      return call(`/api/notification-channels/${ch.id}`, { method: "DELETE" });
    },
    "POST /api/inhibit-rules": () => json("/api/inhibit-rules", inhibitBody(`Posted ${uid}`)),
    "GET /api/inhibit-rules/:id": async () => call(`/api/inhibit-rules/${await newInhibit(`Got ${uid}`)}`),
    "PUT /api/inhibit-rules/:id": async () =>
      json(`/api/inhibit-rules/${await newInhibit(`Put ${uid}`)}`, inhibitBody(`Replaced ${uid}`), { method: "PUT" }),
    "DELETE /api/inhibit-rules/:id": async () =>
      call(`/api/inhibit-rules/${await newInhibit(`Deleted ${uid}`)}`, { method: "DELETE" }),
    "POST /api/incidents/:id/acknowledge": () =>
      json(`/api/incidents/${ids.incident}/acknowledge`, { comment: "on it" }),
    "GET /api/auth/config": () => call("/api/auth/config", { token: null }),
    "POST /api/auth/logout": async () => call("/api/auth/logout", { method: "POST", token: await tokenWith(["read"]) }),
    "PATCH /api/me": () => json("/api/me", { timeZone: "Europe/Berlin" }, { method: "PATCH" }),
    "PATCH /api/users/:ref": () => json("/api/users/alice", { disabled: false }, { method: "PATCH" }),
    "POST /api/users/:ref/sessions/revoke": () => json("/api/users/alice/sessions/revoke", {}),
    "PATCH /api/teams/:team": () => json(`/api/teams/${ids.team}`, { description: "contract" }, { method: "PATCH" }),
    "DELETE /api/teams/:team": async () => {
      const t = (await (await json("/api/teams", { name: `Gone team ${uid}` })).json()) as any;
      return call(`/api/teams/${t.id}`, { method: "DELETE" });
    },
    "GET /api/teams/:team/members": () => call(`/api/teams/${ids.team}/members`),
    "POST /api/teams/:team/members": () => json(`/api/teams/${ids.team}/members`, { user: "alice" }),
    "PATCH /api/teams/:team/members/:user": async () => {
      await json(`/api/teams/${ids.team}/members`, { user: "alice" });
      return json(`/api/teams/${ids.team}/members/alice`, { role: "editor" }, { method: "PATCH" });
    },
    "DELETE /api/teams/:team/members/:user": async () => {
      const t = (await (await json("/api/teams", { name: `Members ${uid}` })).json()) as any;
      await json(`/api/teams/${t.id}/members`, { user: "alice" });
      return call(`/api/teams/${t.id}/members/alice`, { method: "DELETE" });
    },
    "PUT /api/teams/:team/channels": () =>
      json(`/api/teams/${ids.team}/channels`, { channelIds: [] }, { method: "PUT" }),
    "PUT /api/teams/:team/groups": () =>
      json(`/api/teams/${ids.team}/groups`, { group: `sre-${uid}`, role: "responder" }, { method: "PUT" }),
    "DELETE /api/teams/:team/groups/:group": async () => {
      await json(`/api/teams/${ids.team}/groups`, { group: `gone-${uid}` }, { method: "PUT" });
      return call(`/api/teams/${ids.team}/groups/gone-${uid}`, { method: "DELETE" });
    },
    "POST /api/collections": () => json("/api/collections", { name: `Collection ${uid}` }),
    "DELETE /api/collections/:id": async () => {
      const col = (await (await json("/api/collections", { name: `Gone collection ${uid}` })).json()) as any;
      return call(`/api/collections/${col.id}`, { method: "DELETE" });
    },
    "GET /api/tokens": () => call("/api/tokens"),
    "POST /api/tokens": () => json("/api/tokens", { name: `contract ${uid}`, scopes: ["read"] }),
    "DELETE /api/tokens/:id": async () => {
      const t = (await (await json("/api/tokens", { name: `gone ${uid}`, scopes: ["read"] })).json()) as any;
      return call(`/api/tokens/${t.info.id}`, { method: "DELETE" });
    },
    "POST /api/signin-links": () => json("/api/signin-links", { scopes: ["read"], userId: "alice" }),
    "POST /api/me/push-devices": () => json("/api/me/push-devices", pushDevice("Contract phone")),
    "DELETE /api/me/push-devices/:id": async () => {
      const d = (await (await json("/api/me/push-devices", pushDevice("Gone tablet"))).json()) as any;
      return call(`/api/me/push-devices/${d.id}`, { method: "DELETE" });
    },
    "PUT /api/me/push-preferences": async () => {
      const now = await (await call("/api/me/push-preferences")).json();
      return json("/api/me/push-preferences", now, { method: "PUT" });
    },
    "POST /api/change-events": () =>
      json("/api/change-events", { title: `flag ${uid}`, source: "LaunchDarkly", category: "feature_flags" }),
    "POST /api/webhooks/argocd": () =>
      json("/api/webhooks/argocd", { app: `svc-${uid}`, version: "v2", revision: "abc1234", phase: "Succeeded" }),
    "POST /api/webhooks/github": () =>
      json(
        "/api/webhooks/github",
        {
          action: "created",
          deployment: {
            id: 42,
            sha: "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d",
            ref: "v3.41.0",
            task: "deploy",
            environment: "production",
            creator: { login: "deploy-bot" },
            created_at: new Date(clock.now).toISOString(),
          },
          repository: { name: `svc-${uid}`, full_name: `acme/svc-${uid}`, html_url: "https://github.com/acme/x" },
          sender: { login: "deploy-bot" },
        },
        { headers: { "x-github-event": "deployment" } },
      ),
    "GET /api/metrics/storage": () => call("/api/metrics/storage"),
    "POST /api/incidents/:id/postmortem": async () => {
      const inc = (await (await json("/api/incidents", { title: `Postmortem ${uid}` })).json()) as any;
      return json(`/api/incidents/${inc.incident.id}/postmortem`, {});
    },
    "POST /api/signin/exchange": async () => {
      const link = (await (await json("/api/signin-links", { scopes: ["read"], userId: "alice" })).json()) as any;
      return json("/api/signin/exchange", { code: link.code, session: true }, { token: null });
    },
    "GET /api/monitors": () => call("/api/monitors"),
    "POST /api/monitors": () => json("/api/monitors", monitorBody(`Posted ${uid}`)),
    "GET /api/monitors/:id": () => call(`/api/monitors/${ids.monitor}`),
    "PUT /api/monitors/:id": async () => {
      const m = await createMonitor(monitorBody(`Replaced ${uid}`));
      return json(`/api/monitors/${m.id}`, { ...monitorBody(`Replaced ${uid}`), unit: "%" }, { method: "PUT" });
    },
    "DELETE /api/monitors/:id": async () => {
      const m = await createMonitor(monitorBody(`Deleted ${uid}`));
      return call(`/api/monitors/${m.id}`, { method: "DELETE" });
    },
    "GET /api/monitors/:id/versions": () => call(`/api/monitors/${ids.monitor}/versions`),
    "GET /api/monitors/:id/state": () => call(`/api/monitors/${ids.monitor}/state`),
    "POST /api/monitors/:id/restart": () => call(`/api/monitors/${ids.monitor}/restart`, { method: "POST" }),
    "GET /api/monitors/:id/comments": () => call(`/api/monitors/${ids.monitor}/comments`),
    "GET /api/alerts/:id/comments": () => call(`/api/alerts/${ids.alert}/comments`),
    "GET /api/notification-channels": () => call("/api/notification-channels"),
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
    "GET /api/slos": () => call("/api/slos"),
    "POST /api/slos": () => json("/api/slos", sloBody(`Posted SLO ${uid}`)),
    "GET /api/slos/:id": () => call(`/api/slos/${ids.slo}`),
    "PUT /api/slos/:id": async () => {
      const s = (await (await json("/api/slos", sloBody(`Replaced SLO ${uid}`))).json()) as any;
      return json(
        `/api/slos/${s.id}`,
        {
          ...sloBody(`Replaced SLO ${uid}`),
          sli: { kind: "threshold", query: `contract_${uid}`, operator: "<", threshold: 3 },
        },
        { method: "PUT" },
      );
    },
    "DELETE /api/slos/:id": async () => {
      const s = (await (await json("/api/slos", sloBody(`Deleted SLO ${uid}`))).json()) as any;
      return call(`/api/slos/${s.id}`, { method: "DELETE" });
    },
    "GET /api/slos/:id/versions": () => call(`/api/slos/${ids.slo}/versions`),
  };

  it("has a caller for every declared response", () => {
    const declared = Object.entries(apiRoutes)
      .filter(([, d]) => d.response)
      .map(([k]) => k);
    expect(declared.filter((k) => !callers[k])).toEqual([]);
  });

  it("GET /api/dashboards/:id parses every dashboard shipped with Vigil too", async () => {
    const list = (await (await call("/api/dashboards")).json()) as any;
    const shipped = list.dashboards.filter((d: any) => d.provisioned);
    expect(shipped.length).toBeGreaterThan(0);
    for (const d of shipped) {
      const parsed = apiRoutes["GET /api/dashboards/:id"].response!.safeParse(
        await (await call(`/api/dashboards/${d.id}`)).json(),
      );
      expect(parsed.success ? [] : parsed.error.issues, d.id).toEqual([]);
    }
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
