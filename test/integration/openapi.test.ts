// The OpenAPI document and the contracts behind it: the registry lists exactly the app's routes, the document is
// structurally sound, and every declared response schema parses the real route's answer.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { newApp } from "../../worker/app";
import { endpointsOf, openApiPath } from "../../worker/openapi/document";
import { apiRoutes } from "../../worker/openapi/registry";
import { call, tokenWith } from "./helpers";
import { alertingCallers } from "./lib/contract-callers-alerting";
import { peopleCallers } from "./lib/contract-callers-people";
import { telemetryCallers } from "./lib/contract-callers-telemetry";
import { workspaceCallers } from "./lib/contract-callers-workspace";
import { type Callers, makeContractWorld } from "./lib/contract-world";

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
  const world = makeContractWorld();
  afterAll(() => vi.useRealTimers());
  beforeAll(world.setUp, 120_000);

  /** How to call each route that declares a response; a declared response without a caller fails the test. */
  const callers: Callers = {
    ...peopleCallers(world),
    ...workspaceCallers(world),
    ...alertingCallers(world),
    ...telemetryCallers(world),
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
