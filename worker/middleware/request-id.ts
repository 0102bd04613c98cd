import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

/** Every response carries X-Request-Id; errors quote it so a user can hand it to an operator. */
export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const id = incoming && /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", id);
  await next();
  c.res.headers.set("x-request-id", id);
};
