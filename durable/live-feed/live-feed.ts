import type { LiveFeedRpc } from "../../platform/live/live-feed-rpc";
import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import {
  clientMessageSchema,
  LIVE_PING,
  LIVE_PONG,
  liveEventSchema,
  topicSchema,
  type LiveEvent,
  type ServerMessage,
} from "../../core/contracts/alerting";
import type { Env } from "../../platform/env";
import { EventLog } from "./event-log";

const MAX_CLIENTS = 10_000;

const publishInput = z.object({ topics: z.array(topicSchema).min(1).max(10), event: liveEventSchema });
/** A monitor's alarm publishes at most a few hundred events; bounded so one call stays a small RPC value. */
const publishManyInput = z.array(publishInput).max(1000);
const connectInput = z.object({
  topics: z.array(topicSchema).min(1).max(50),
  resumeFrom: z.number().int().nonnegative().nullable(),
});

interface Attachment {
  topics: string[];
  /** The user the edge authenticated: the only `user:<id>` topic this socket may hear. */
  user?: string;
}

const foreignUserTopic = (topics: string[], user: string | undefined) =>
  topics.find((t) => t.startsWith("user:") && t !== `user:${user}`);

/**
 * Hibernating WebSocket fan-out. Every event gets an id from SQLite AUTOINCREMENT (never reused, survives
 * eviction), is stored, then sent to each socket subscribed to one of its topics. A client reconnecting with
 * `resume_from` gets every kept event after that id, in pages, before anything new; one whose resume point is
 * no longer kept gets a `gap` frame instead and refetches. Heartbeats (`{"type":"ping"}`) are answered by the
 * runtime without waking the object, so a client can tell a dead connection from a quiet one for free.
 */
export class LiveFeed extends DurableObject<Env> implements LiveFeedRpc {
  private log: EventLog;
  /** Topics per socket, read from the attachment once per wake-up instead of once per event per socket. */
  private topicsBySocket = new WeakMap<WebSocket, Set<string>>();
  /** Sockets still being sent their backlog: live events reach them through the replay, in order. */
  private replaying = new Set<WebSocket>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.log = new EventLog(ctx.storage.sql);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(LIVE_PING, LIVE_PONG));
  }

  override async fetch(req: Request): Promise<Response> {
    if (req.headers.get("upgrade")?.toLowerCase() !== "websocket")
      return new Response("expected a WebSocket upgrade", { status: 426 });
    const url = new URL(req.url);
    const resume = url.searchParams.get("resume_from");
    const parsed = connectInput.safeParse({
      topics: (url.searchParams.get("topics") ?? "alerts").split(",").filter(Boolean),
      resumeFrom: resume === null ? null : Number(resume),
    });
    if (!parsed.success) return new Response(parsed.error.issues[0]?.message ?? "bad request", { status: 400 });
    const user = url.searchParams.get("user") ?? undefined;
    const foreign = foreignUserTopic(parsed.data.topics, user);
    if (foreign) return new Response(`${foreign} is another person's topic`, { status: 403 });
    if (this.ctx.getWebSockets().length >= MAX_CLIENTS) return new Response("too many live clients", { status: 503 });
    const pair = new WebSocketPair();
    const server = pair[1];
    this.ctx.acceptWebSocket(server);
    const att: Attachment = { topics: parsed.data.topics, user };
    server.serializeAttachment(att);
    const lastId = this.log.lastId();
    send(server, { type: "hello", lastId, topics: att.topics });
    const from = parsed.data.resumeFrom;
    if (from !== null && from < lastId) {
      const oldestKept = this.log.oldestId();
      // Ids are contiguous apart from pruning, so a resume point before the oldest kept id - 1 lost events.
      if (oldestKept === null || from < oldestKept - 1)
        send(server, { type: "gap", resumeFrom: from, oldestKept, lastId });
      else {
        this.replaying.add(server);
        void this.replay(server, new Set(att.topics), from);
      }
    } else if (from !== null && from > lastId) {
      // The client saw ids this feed never issued: its history was reset. Start over from here.
      send(server, { type: "gap", resumeFrom: from, oldestKept: this.log.oldestId(), lastId });
    }
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /** RPC from `publish(env, topic, event)`. */
  async publish(topics: string[], event: LiveEvent): Promise<number> {
    return this.store(publishInput.parse({ topics, event }));
  }

  /** RPC from `publishBatch(env, items)`: one call for everything one alarm of a monitor has to say, in order. */
  async publishMany(items: { topics: string[]; event: LiveEvent }[]): Promise<number[]> {
    const input = publishManyInput.parse(items);
    return input.map((i) => this.store(i));
  }

  private store(input: z.infer<typeof publishInput>): number {
    const { id, at } = this.log.append(input.topics, input.event);
    // One frame per topic, built once: each client sees the event under the first topic it subscribed to.
    const frames = new Map(
      input.topics.map((t) => [
        t,
        JSON.stringify({ type: "event", id, topic: t, at, event: input.event } satisfies ServerMessage),
      ]),
    );
    for (const ws of this.ctx.getWebSockets()) {
      if (this.replaying.has(ws)) continue;
      const subscribed = this.topicsOf(ws);
      const topic = input.topics.find((t) => subscribed.has(t));
      if (topic) {
        try {
          ws.send(frames.get(topic)!);
        } catch {
          // a socket closing underneath us; its close handler cleans up
        }
      }
    }
    return id;
  }

  lastId(): number {
    return this.log.lastId();
  }

  /** Where Vigil is served when PUBLIC_URL is unset: the origin of the last authenticated request. */
  rememberOrigin(origin: string): void {
    const u = new URL(origin);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`not an http(s) origin: ${origin}`);
    this.ctx.storage.kv.put("publicOrigin", u.origin);
  }

  origin(): string | null {
    return this.ctx.storage.kv.get<string>("publicOrigin") ?? null;
  }

  private topicsOf(ws: WebSocket): Set<string> {
    let set = this.topicsBySocket.get(ws);
    if (!set) {
      set = new Set((ws.deserializeAttachment() as Attachment | null)?.topics ?? []);
      this.topicsBySocket.set(ws, set);
    }
    return set;
  }

  /** Everything kept after `after`, a page at a time, yielding between pages so publishes and other clients
   * are served meanwhile. Events published during the replay are in later pages; the socket goes live in the
   * same turn as the page that found nothing more, so no event falls between replay and live. */
  private async replay(ws: WebSocket, topics: Set<string>, after: number): Promise<void> {
    let cursor = after;
    try {
      for (;;) {
        const page = this.log.page(cursor);
        for (const r of page.rows) {
          const topic = r.topics.find((t) => topics.has(t));
          if (topic) ws.send(JSON.stringify({ type: "event", id: r.id, topic, at: r.at, event: r.event }));
        }
        cursor = page.rows.at(-1)?.id ?? cursor;
        if (!page.more) break;
        await new Promise((r) => setTimeout(r, 0));
      }
    } catch {
      // the socket closed mid-replay
    } finally {
      this.replaying.delete(ws);
    }
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (typeof message !== "string" || message.length > 16_384)
      return send(ws, { type: "error", message: "text frames under 16 KiB only" });
    let raw: unknown;
    try {
      raw = JSON.parse(message);
    } catch {
      return send(ws, { type: "error", message: "not JSON" });
    }
    const msg = clientMessageSchema.safeParse(raw);
    if (!msg.success) return send(ws, { type: "error", message: msg.error.issues[0]?.message ?? "invalid message" });
    const att = (ws.deserializeAttachment() as Attachment | null) ?? { topics: [] };
    if (msg.data.type === "ping") return send(ws, { type: "pong", nonce: msg.data.nonce });
    const foreignSub = msg.data.type === "subscribe" ? foreignUserTopic(msg.data.topics, att.user) : undefined;
    if (foreignSub) return send(ws, { type: "error", message: `${foreignSub} is another person's topic` });
    const set = new Set(att.topics);
    for (const t of msg.data.topics) msg.data.type === "subscribe" ? set.add(t) : set.delete(t);
    const next: Attachment = { topics: [...set].slice(0, 50), user: att.user };
    ws.serializeAttachment(next);
    this.topicsBySocket.set(ws, new Set(next.topics));
    send(ws, { type: "subscribed", topics: next.topics });
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.replaying.delete(ws);
    try {
      ws.close(code === 1005 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }
}

function send(ws: WebSocket, msg: ServerMessage): void {
  ws.send(JSON.stringify(msg));
}
