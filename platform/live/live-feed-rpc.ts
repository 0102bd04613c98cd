// The LiveFeed's RPC surface (`durable/live-feed/`): the one object that orders and fans out live events.
import type { LiveEvent } from "../../core/contracts/alerting";

export interface LiveFeedRpc extends Rpc.DurableObjectBranded {
  /** WebSocket upgrades (`GET /api/live`) are forwarded here. */
  fetch(req: Request): Promise<Response>;
  /** Store the event, send it to subscribers of any of `topics`; returns its id. */
  publish(topics: string[], event: LiveEvent): Promise<number>;
  lastId(): number | Promise<number>;
}
