import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";

/** Every response carries X-Request-Id; errors quote it so a user can hand it to an operator. */
export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const id = incoming && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", id);
  await next();
  try {
    c.res.headers.set("x-request-id", id);
  } catch {
    // Responses from bindings (static assets, Durable Object fetches) have immutable headers: copy first.
    // WebSocket upgrades (status 101) must pass through untouched.
    if (c.res.status !== 101) {
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set("x-request-id", id);
    }
  }
};
