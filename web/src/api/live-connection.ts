// One live-feed connection that always comes back: a connect timeout for a socket stuck connecting, a heartbeat
// watchdog for one that is open but silent (half-open TCP, a sleeping laptop, a proxy that parked it), and one
// retry path that every failure goes through, so nothing can leave it waiting forever. Framework-free: the web
// app wraps it in Solid signals (live.ts) and the wall test runs 200 of them in Node with `ws`.
import { LIVE_PING, serverMessageSchema, type LiveEvent } from "../../../core/contracts/alerting";
import { backoffMs } from "./live-backoff";

export type LiveStatus = "connecting" | "live" | "offline";
export interface LiveMessage {
  id: number;
  topic: string;
  at: number;
  event: LiveEvent;
}

/** The part of the WebSocket API used here (the browser's, or `ws` in Node). Their event types differ; only
 * a message's `data` is read. */
export interface SocketLike {
  onopen: ((e: any) => void) | null;
  onmessage: ((e: any) => void) | null;
  onclose: ((e: any) => void) | null;
  onerror: ((e: any) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface LiveConnectionOptions {
  /** The URL to connect to, resuming after `lastId`; null when there is nothing to connect with (no token). */
  url: (lastId: number | null) => string | null;
  socket: (url: string) => SocketLike;
  /** Read at each connect: the set can change (a session's own `user:<id>` topic). */
  topics: () => string[];
  onEvent: (m: LiveMessage) => void;
  /** Events were lost (a resume from beyond what the feed keeps): refetch whatever the events patch. */
  onResync: () => void;
  onStatus: (s: LiveStatus) => void;
  connectTimeoutMs?: number;
  /** Send a ping after this much silence; give the connection up after `deadAfterMs` of silence. */
  heartbeatMs?: number;
  deadAfterMs?: number;
  /** Delay before the n-th retry (jittered exponential by default). */
  backoff?: (attempt: number) => number;
}

const noop = () => {};

export class LiveConnection {
  private ws: SocketLike | null = null;
  private lastId: number | null = null;
  private attempt = 0;
  private running = false;
  /** The current socket has opened (it may still be dead: the watchdog finds that out). */
  private connected = false;
  private retrying = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private quietTimer: ReturnType<typeof setTimeout> | undefined;
  private deadTimer: ReturnType<typeof setTimeout> | undefined;
  private o: Required<LiveConnectionOptions>;

  constructor(o: LiveConnectionOptions) {
    this.o = { connectTimeoutMs: 10_000, heartbeatMs: 15_000, deadAfterMs: 40_000, backoff: backoffMs, ...o };
  }

  get resumeId(): number | null {
    return this.lastId;
  }

  /** Start, or retry at once if a previous start found nothing to connect with (no token yet). */
  start(): void {
    if (this.running && (this.ws || this.retrying)) return;
    this.running = true;
    this.open();
  }

  stop(): void {
    this.running = false;
    this.retrying = false;
    this.drop();
    clearTimeout(this.retryTimer);
    this.o.onStatus("offline");
  }

  /** The network came back, or the page became visible: retry now instead of after the backoff, and make
   * sure a socket that looks live still is. */
  kick(): void {
    if (!this.running) return;
    if (this.ws && this.connected) return this.probe(5_000);
    this.attempt = 0;
    this.drop();
    this.open();
  }

  private open(): void {
    clearTimeout(this.retryTimer);
    this.retrying = false;
    const url = this.o.url(this.lastId);
    if (!url) return this.o.onStatus("offline");
    this.o.onStatus("connecting");
    let ws: SocketLike;
    try {
      ws = this.o.socket(url);
    } catch {
      return this.fail();
    }
    this.ws = ws;
    this.connected = false;
    this.connectTimer = setTimeout(() => this.fail(), this.o.connectTimeoutMs);
    ws.onopen = () => {
      clearTimeout(this.connectTimer);
      this.connected = true;
      this.o.onStatus("live");
      ws.send(JSON.stringify({ type: "subscribe", topics: this.o.topics() }));
      this.heard();
    };
    ws.onmessage = (e: { data: unknown }) => this.receive(e.data);
    ws.onclose = () => this.fail();
    ws.onerror = () => this.fail();
  }

  private receive(data: unknown): void {
    this.heard();
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      return;
    }
    const m = serverMessageSchema.safeParse(raw);
    if (!m.success) return;
    const f = m.data;
    if (f.type === "hello") {
      this.attempt = 0; // the server answered: the next failure starts the backoff over
      if (this.lastId === null) this.lastId = f.lastId;
    } else if (f.type === "gap") {
      this.lastId = f.lastId;
      this.o.onResync();
    } else if (f.type === "event") {
      if (this.lastId !== null && f.id <= this.lastId) return; // already seen (a replay after a resume)
      this.lastId = f.id;
      this.o.onEvent({ id: f.id, topic: f.topic, at: f.at, event: f.event });
    }
  }

  /** Any frame proves the connection alive: re-arm the quiet timer that sends the next ping. */
  private heard(): void {
    clearTimeout(this.quietTimer);
    clearTimeout(this.deadTimer);
    this.quietTimer = setTimeout(() => this.probe(this.o.deadAfterMs - this.o.heartbeatMs), this.o.heartbeatMs);
  }

  private probe(answerWithinMs: number): void {
    try {
      this.ws?.send(LIVE_PING);
    } catch {
      return this.fail();
    }
    clearTimeout(this.deadTimer);
    this.deadTimer = setTimeout(() => this.fail(), answerWithinMs);
  }

  /** The one way a connection ends: forget the socket and schedule the next attempt. */
  private fail(): void {
    this.drop();
    this.o.onStatus("offline");
    clearTimeout(this.retryTimer);
    this.retrying = this.running;
    if (this.running) this.retryTimer = setTimeout(() => this.open(), this.o.backoff(this.attempt++));
  }

  private drop(): void {
    clearTimeout(this.connectTimer);
    clearTimeout(this.quietTimer);
    clearTimeout(this.deadTimer);
    const ws = this.ws;
    this.ws = null;
    this.connected = false;
    if (!ws) return;
    // Handlers stay set (to nothing): `ws` in Node throws on an error event nobody listens to.
    ws.onopen = noop;
    ws.onmessage = noop;
    ws.onclose = noop;
    ws.onerror = noop;
    try {
      ws.close();
    } catch {
      // closing a socket that never opened may throw; it is forgotten either way
    }
  }
}
