import type { Env as VigilEnv } from "../../platform/env";

declare global {
  namespace Cloudflare {
    interface Env extends VigilEnv {
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    }
  }
}
