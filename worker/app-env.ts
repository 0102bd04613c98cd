import type { Principal } from "../core/contracts/auth";
import type { Env } from "../platform/env";

/** The Hono context of every app, tests included (built with `newApp()`). */
export type AppEnv = {
  Bindings: Env;
  Variables: { requestId: string; principal: Principal };
};
