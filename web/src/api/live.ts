// The live feed: one WebSocket to /api/live, reconnecting with backoff and resuming from the last event id,
// so a wall that lost the network catches up on the transitions it missed. Frames are zod-validated.
import { createSignal, onCleanup } from "solid-js";
import { serverMessageSchema, type LiveEvent } from "../../../core/contracts/alerting";
import { backoffMs, liveUrl } from "./live-backoff";
import { me } from "./session";
import { token } from "./token";

export type LiveStatus = "connecting" | "live" | "offline";
export interface LiveMessage {
  id: number;
  topic: string;
  at: number;
  event: LiveEvent;
}

type Listener = (m: LiveMessage) => void;

class LiveClient {
  private ws: WebSocket | null = null;
  private lastId: number | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<Listener>();
  private topics = new Set<string>(["alerts", "changes", "comments", "mutes"]);
  readonly status = createSignal<LiveStatus>("offline");

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    if (!this.ws) this.connect();
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0) this.close();
    };
  }

  private connect(): void {
    const t = token();
    const who = me();
    if (!t && !who) return;
    // Mentions of me arrive on my own topic; the server lets nobody else subscribe to it.
    for (const topic of this.topics) if (topic.startsWith("user:")) this.topics.delete(topic);
    if (who) this.topics.add(`user:${who.userId}`);
    clearTimeout(this.timer);
    this.status[1]("connecting");
    const ws = new WebSocket(liveUrl(location, t, [...this.topics], this.lastId));
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.status[1]("live");
      ws.send(JSON.stringify({ type: "subscribe", topics: [...this.topics] }));
    };
    ws.onmessage = (e) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(e.data));
      } catch {
        return;
      }
      const m = serverMessageSchema.safeParse(raw);
      if (!m.success) return;
      if (m.data.type === "hello" && this.lastId === null) this.lastId = m.data.lastId;
      if (m.data.type !== "event") return;
      if (this.lastId !== null && m.data.id <= this.lastId) return; // replayed after a resume
      this.lastId = m.data.id;
      const msg = { id: m.data.id, topic: m.data.topic, at: m.data.at, event: m.data.event };
      for (const l of this.listeners) l(msg);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.status[1]("offline");
      if (this.listeners.size) this.timer = setTimeout(() => this.connect(), backoffMs(this.attempt++));
    };
    ws.onerror = () => ws.close();
  }

  /** Reconnect now (the browser came back online). */
  kick(): void {
    if (!this.ws && this.listeners.size) {
      this.attempt = 0;
      this.connect();
    }
  }

  private close(): void {
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.status[1]("offline");
  }
}

const client = new LiveClient();
if (typeof window !== "undefined") window.addEventListener("online", () => client.kick());

/** Subscribe for the life of the calling component; returns the connection status. */
export function createLiveFeed(onEvent: Listener) {
  const off = client.subscribe(onEvent);
  onCleanup(off);
  return client.status[0];
}
