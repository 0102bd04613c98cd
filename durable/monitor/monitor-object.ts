import { DurableObject } from "cloudflare:workers";
import type { Env } from "../../worker/env";

/** Owned by its feature issue; see docs/ARCHITECTURE.md. */
export class MonitorObject extends DurableObject<Env> {}
