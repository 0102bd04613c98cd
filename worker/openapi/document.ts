// The OpenAPI 3.1 document, built from the app's own route table and the registry of contracts.
// Scopes come from the requireScope middleware on each route, so the document cannot claim a scope the app
// does not check. A schema zod cannot express in JSON Schema becomes {} (any) rather than failing the document.
import { z } from "zod";
import type { Scope } from "../../core/contracts/auth";
import { errorCodes } from "../../core/contracts/errors";
import { SESSION_COOKIE } from "../middleware/auth-session";
import { apiRoutes, type RouteDoc } from "./registry";

type JsonObject = Record<string, unknown>;
/** What Hono's `app.routes` holds for each handler and middleware. */
export interface RouteEntry {
  method: string;
  path: string;
  handler: unknown;
}
export interface Endpoint {
  method: string;
  path: string;
  /** undefined: no requireScope (public, or its own credential); null: any signed-in caller. */
  scope: Scope | null | undefined;
}

/** The app's endpoints (middleware-only entries left out), each with the scope its requireScope demands. */
export function endpointsOf(routes: readonly RouteEntry[]): Endpoint[] {
  const out = new Map<string, Endpoint>();
  for (const r of routes) {
    if (r.method === "ALL") continue;
    const key = `${r.method} ${r.path}`;
    if (out.has(key)) continue;
    let scope: Scope | null | undefined;
    for (const m of routes) {
      const applies = m.method === "ALL" ? covers(m.path, r.path) : m.method === r.method && m.path === r.path;
      const s = applies ? (m.handler as { requiredScope?: Scope | null }).requiredScope : undefined;
      if (s !== undefined) scope = s;
    }
    out.set(key, { method: r.method, path: r.path, scope });
  }
  return [...out.values()];
}

function covers(pattern: string, path: string): boolean {
  if (pattern === "*" || pattern === "/*") return true;
  if (pattern.endsWith("/*")) return path === pattern.slice(0, -2) || path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}

const errorBody = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    requestId: z.string(),
    details: z.array(z.unknown()).optional(),
  }),
});

/** "/api/x/:id/v/:version{[0-9]+}" -> "/api/x/{id}/v/{version}" plus each parameter's pattern. */
export function openApiPath(path: string): { path: string; params: { name: string; pattern?: string }[] } {
  const params: { name: string; pattern?: string }[] = [];
  const out = path.replace(/:([A-Za-z0-9_]+)(\{[^}]+\})?/g, (_, name: string, re?: string) => {
    params.push(re ? { name, pattern: `^${re.slice(1, -1)}$` } : { name });
    return `{${name}}`;
  });
  return { path: out, params };
}

export function openApiDocument(routes: readonly RouteEntry[]): JsonObject {
  const components: Record<string, JsonObject> = { Error: jsonSchema(errorBody, "output", "Error", {}) };
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const e of endpointsOf(routes)) {
    const doc: RouteDoc = apiRoutes[`${e.method} ${e.path}`] ?? { summary: `${e.method} ${e.path}` };
    const { path, params } = openApiPath(e.path);
    const opId = operationId(e.method, path);
    const op: JsonObject = {
      operationId: opId,
      summary: doc.summary,
      tags: [tagOf(path)],
      security: e.scope === undefined ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
      "x-required-scope": e.scope === undefined ? null : (e.scope ?? "any"),
    };
    if (e.scope !== undefined)
      op.description = e.scope ? `Needs the '${e.scope}' scope.` : "Needs any signed-in caller.";
    const parameters: JsonObject[] = params.map((p) => ({
      name: p.name,
      in: "path",
      required: true,
      schema: p.pattern ? { type: "string", pattern: p.pattern } : { type: "string" },
    }));
    if (doc.query) {
      const q = jsonSchema(doc.query, "input", `${opId}Query`, components);
      const required = new Set((q.required as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries((q.properties as Record<string, JsonObject> | undefined) ?? {})) {
        parameters.push({ name, in: "query", required: required.has(name), schema });
      }
    }
    if (parameters.length) op.parameters = parameters;
    if (doc.body) {
      const schema = jsonSchema(doc.body, "input", `${opId}Body`, components);
      op.requestBody = { required: true, content: { "application/json": { schema } } };
    }
    const ok: JsonObject = { description: "Success" };
    if (doc.response) {
      ok.content = {
        "application/json": { schema: jsonSchema(doc.response, "output", `${opId}Response`, components) },
      };
    }
    const ownEnvelope = !/^\/(api\/v[12]|v1)\//.test(path);
    op.responses = {
      [String(doc.status ?? 200)]: ok,
      default: ownEnvelope
        ? { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }
        : { description: "Error, in the envelope of the wire API this route implements" },
    };
    paths[path] ??= {};
    paths[path][e.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Vigil API",
      version: "1",
      description: "Scopes: admin ⊇ write ⊇ respond ⊇ read; ingest stands alone. x-required-scope names each route's.",
    },
    servers: [{ url: "/" }],
    components: {
      schemas: components,
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "An API token (vgl_...)" },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: "A browser session; unsafe methods must also send the CSRF token",
        },
      },
    },
    paths,
  };
}

/**
 * A zod schema as JSON Schema for this document: never throws (an unconvertible schema is {}), and any $defs
 * zod emits (recursive or shared parts) move to components.schemas under the operation's name.
 */
function jsonSchema(
  schema: z.ZodType,
  io: "input" | "output",
  name: string,
  components: Record<string, JsonObject>,
): JsonObject {
  let out: JsonObject;
  try {
    out = z.toJSONSchema(schema, { target: "draft-2020-12", unrepresentable: "any", io, cycles: "ref" }) as JsonObject;
  } catch {
    return {};
  }
  const { $schema: _, $defs, ...rest } = out;
  const defs = ($defs ?? {}) as Record<string, JsonObject>;
  const rename = (ref: string) =>
    ref === "#" ? `#/components/schemas/${name}` : ref.replace(/^#\/\$defs\//, `#/components/schemas/${name}_`);
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (!v || typeof v !== "object") return v;
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, k === "$ref" && typeof x === "string" ? rename(x) : rewrite(x)]),
    );
  };
  for (const [k, d] of Object.entries(defs)) components[`${name}_${k}`] = rewrite(d) as JsonObject;
  const body = rewrite(rest) as JsonObject;
  if (JSON.stringify(body).includes(`"#/components/schemas/${name}"`)) {
    components[name] = body;
    return { $ref: `#/components/schemas/${name}` };
  }
  return body;
}

function operationId(method: string, path: string): string {
  const words = path
    .split("/")
    .filter(Boolean)
    .map((s) =>
      s.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase()),
    );
  return [method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join("");
}

function tagOf(path: string): string {
  if (/^\/api\/v1\/(write)$/.test(path) || path.startsWith("/v1/")) return "ingest";
  if (path.startsWith("/api/v1/")) return "prometheus";
  if (path.startsWith("/api/v2/")) return "alertmanager";
  return path.split("/")[2] ?? "api";
}
