import { Hono, type MiddlewareHandler } from "hono";
import { ApiError } from "../../core/contracts/errors";
import {
  argoCdSchema,
  boundedPayload,
  fromArgoCd,
  fromGitHub,
  githubSchema,
  type MappedEvent,
} from "../../core/workspace/webhooks";
import type { AppEnv } from "../app-env";
import { insertChangeEvent } from "../../platform/db/change-events";
import { jsonBody } from "../lib/validate";
import { requireScope, resolvePrincipal } from "../middleware/auth";
import { publishChange } from "../../platform/live/publish-change";

/** GitHub cannot send an Authorization header with a webhook, so these routes also take the ingest
 * token as `?token=`. Prefer the header where the sender allows it (ArgoCD does): URLs end up in logs. */
const tokenFromQuery: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = c.req.query("token");
  if (!c.req.header("authorization") && token) {
    const principal = await resolvePrincipal(c.env, token);
    if (!principal) throw new ApiError("UNAUTHENTICATED", "invalid or revoked API token");
    c.set("principal", principal);
  }
  await next();
};

const MAX_BODY = 512 * 1024;

export const webhookRoutes = new Hono<AppEnv>()
  .use("/webhooks/*", tokenFromQuery, requireScope("ingest"))
  .post("/webhooks/argocd", async (c) => {
    const body = await jsonBody(c, argoCdSchema, MAX_BODY);
    return store(c, fromArgoCd(body, Date.now()));
  })
  .post("/webhooks/github", async (c) => {
    const event = c.req.header("x-github-event") ?? "";
    if (event !== "deployment" && event !== "deployment_status") {
      // `ping` on hook creation, and any event the hook was subscribed to by mistake: acknowledged, not stored.
      await c.req.text();
      return c.json({
        ignored: event || "unknown",
        reason: "only deployment and deployment_status events become change events",
      });
    }
    const body = await jsonBody(c, githubSchema, MAX_BODY);
    return store(c, fromGitHub(event, body, Date.now()));
  });

async function store(c: Parameters<MiddlewareHandler<AppEnv>>[0], mapped: MappedEvent): Promise<Response> {
  const event = await insertChangeEvent(c.env.DB, {
    ...mapped,
    payload: boundedPayload(mapped.payload),
    createdBy: c.get("principal").userId,
    createdAt: Date.now(),
  });
  await publishChange(c.env, event);
  return c.json(event, 201);
}
