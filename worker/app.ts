import { Hono } from "hono";
import { ApiError } from "../core/contracts/errors";
import type { AppEnv } from "./app-env";
import { renderError } from "./errors";
import { auditTrail } from "./middleware/audit";
import { publicOrigin } from "./middleware/public-origin";
import { requestId } from "./middleware/request-id";
import { mountOpenApi } from "./routes/openapi";
import { mountPeopleRoutes } from "./routes/people-index";
import { signinLinkRoutes } from "./routes/signin-links";
import { tokenRoutes } from "./routes/tokens";
import { mountFeatureRoutes } from "./routes";

/** Build the whole API. Tests build it the same way, through `newApp()`. */
export function newApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("*", requestId);
  app.use("/api/*", auditTrail);
  app.use("*", publicOrigin);
  app.onError((err, c) => renderError(err, c));
  app.notFound(async (c) => {
    const path = new URL(c.req.url).pathname;
    if (path.startsWith("/api/") || path.startsWith("/v1/")) {
      return renderError(new ApiError("NOT_FOUND", `no route for ${c.req.method} ${path}`), c);
    }
    if (!c.env.ASSETS) return c.text("not found", 404);
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    if (!path.startsWith("/share/")) return asset;
    // A share link's secret is in its path: never leak it to other sites through the Referer header.
    const res = new Response(asset.body, asset);
    res.headers.set("referrer-policy", "no-referrer");
    return res;
  });
  app.get("/api/health", (c) => c.json({ status: "ok" }));
  mountPeopleRoutes(app);
  app.route("/api", tokenRoutes);
  app.route("/api", signinLinkRoutes);
  mountFeatureRoutes(app);
  mountOpenApi(app);
  return app;
}
