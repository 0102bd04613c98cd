import type { MiddlewareHandler } from "hono";
import { rememberOrigin } from "../../platform/public-url";
import type { AppEnv } from "../app-env";

/** After an authenticated request, remember its origin for links built in alarms (see platform/public-url.ts).
 * Only authenticated ones: an anonymous request must not steer where pages link to. */
export const publicOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!c.get("principal")) return;
  const done = rememberOrigin(c.env, c.req.url);
  try {
    c.executionCtx.waitUntil(done);
  } catch {
    await done; // no execution context (some tests): finish before answering
  }
};
