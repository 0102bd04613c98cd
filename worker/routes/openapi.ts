// GET /api/openapi.json: the API described from the app's own route table (built once per isolate, on first ask).
// Like Grafana's API docs it is for signed-in callers: scope read, which every role holds.
import type { Hono } from "hono";
import type { AppEnv } from "../app-env";
import { requireScope } from "../middleware/auth";
import { openApiDocument } from "../openapi/document";

/** Mount last, so the document sees every route of `app`. */
export function mountOpenApi(app: Hono<AppEnv>): void {
  let doc: Record<string, unknown> | undefined;
  app.get("/api/openapi.json", requireScope("read"), (c) => {
    doc ??= openApiDocument(app.routes);
    return c.json(doc);
  });
}
