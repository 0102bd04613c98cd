// The LiveFeed's RPC surface (`durable/live-feed/`): the one object that orders and fans out live events.
import type { LiveEvent } from "../../core/contracts/alerting";

export interface LiveFeedRpc extends Rpc.DurableObjectBranded {
  /** WebSocket upgrades (`GET /api/live`) are forwarded here. */
  fetch(req: Request): Promise<Response>;
  /** Store the event, send it to subscribers of any of `topics`; returns its id. */
  publish(topics: string[], event: LiveEvent): Promise<number>;
  /** Several events in one call, stored and sent in order; returns their ids. */
  publishMany(items: { topics: string[]; event: LiveEvent }[]): Promise<number[]>;
  lastId(): number | Promise<number>;
  /** The origin users reach Vigil on, remembered for links built in alarms (platform/public-url.ts). */
  rememberOrigin(origin: string): void | Promise<void>;
  origin(): string | null | Promise<string | null>;
}
