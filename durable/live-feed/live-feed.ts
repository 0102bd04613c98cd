import type { LiveFeedRpc } from "../../platform/live/live-feed-rpc";
import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import {
  clientMessageSchema,
  liveEventSchema,
  topicSchema,
  type LiveEvent,
  type ServerMessage,
} from "../../core/contracts/alerting";
import type { Env } from "../../platform/env";

/** Events kept for `resume_from`: enough for a wall that was offline for a while, bounded storage. */
const KEEP_EVENTS = 20_000;
const MAX_REPLAY = 5_000;
const MAX_CLIENTS = 10_000;

const publishInput = z.object({ topics: z.array(topicSchema).min(1).max(10), event: liveEventSchema });
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
 * `resume_from` gets the stored events after that id before anything new.
 */
export class LiveFeed extends DurableObject<Env> implements LiveFeedRpc {
  private sql: SqlStorage;
  /** Topics per socket, read from the attachment once per wake-up instead of once per event per socket. */
  private topicsBySocket = new WeakMap<WebSocket, Set<string>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, topics TEXT NOT NULL, at INTEGER NOT NULL, event TEXT NOT NULL)",
    );
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
    send(server, { type: "hello", lastId: this.lastId(), topics: att.topics });
    if (parsed.data.resumeFrom !== null) this.replay(server, att.topics, parsed.data.resumeFrom);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /** RPC from `publish(env, topic, event)`. */
  async publish(topics: string[], event: LiveEvent): Promise<number> {
    const input = publishInput.parse({ topics, event });
    const at = Date.now();
    const row = this.sql
      .exec<{ id: number }>(
        "INSERT INTO events (topics, at, event) VALUES (?, ?, ?) RETURNING id",
        JSON.stringify(input.topics),
        at,
        JSON.stringify(input.event),
      )
      .one();
    const id = Number(row.id);
    if (id % 500 === 0) this.sql.exec("DELETE FROM events WHERE id <= ?", id - KEEP_EVENTS);
    // One frame per topic, built once: each client sees the event under the first topic it subscribed to.
    const frames = new Map(
      input.topics.map((t) => [
        t,
        JSON.stringify({ type: "event", id, topic: t, at, event: input.event } satisfies ServerMessage),
      ]),
    );
    for (const ws of this.ctx.getWebSockets()) {
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

  private topicsOf(ws: WebSocket): Set<string> {
    let set = this.topicsBySocket.get(ws);
    if (!set) {
      set = new Set((ws.deserializeAttachment() as Attachment | null)?.topics ?? []);
      this.topicsBySocket.set(ws, set);
    }
    return set;
  }

  lastId(): number {
    const row = this.sql.exec<{ id: number | null }>("SELECT MAX(id) AS id FROM events").one();
    return Number(row.id ?? 0);
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
    try {
      ws.close(code === 1005 ? 1000 : code, reason);
    } catch {
      // already closed
    }
  }

  private replay(ws: WebSocket, topics: string[], after: number): void {
    const rows = this.sql.exec<{ id: number; topics: string; at: number; event: string }>(
      "SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?",
      after,
      MAX_REPLAY,
    );
    for (const r of rows) {
      const topic = (JSON.parse(r.topics) as string[]).find((t) => topics.includes(t));
      if (!topic) continue;
      ws.send(
        JSON.stringify({
          type: "event",
          id: Number(r.id),
          topic,
          at: r.at,
          event: JSON.parse(r.event),
        } satisfies ServerMessage),
      );
    }
  }
}

function send(ws: WebSocket, msg: ServerMessage): void {
  ws.send(JSON.stringify(msg));
}
