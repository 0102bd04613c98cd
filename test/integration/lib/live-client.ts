import { serverMessageSchema, type ServerMessage } from "../../../core/contracts/alerting";
import { ADMIN, call } from "../helpers";

/** A live-feed client: every frame is validated with the shared schema, and tests await frames, not time. */
export class LiveClient {
  readonly frames: ServerMessage[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];
  constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (e) => {
      const parsed = serverMessageSchema.safeParse(JSON.parse(String(e.data)));
      if (!parsed.success) throw new Error(`invalid server frame: ${String(e.data)}`);
      this.frames.push(parsed.data);
      this.waiters = this.waiters.filter((w) => (this.frames.length >= w.n ? (w.resolve(), false) : true));
    });
  }
  static async connect(query: string, token: string | null = ADMIN): Promise<LiveClient> {
    const res = await call(`/api/live?${query}${token ? `&access_token=${token}` : ""}`, {
      token: null,
      headers: { upgrade: "websocket" },
    });
    if (res.status !== 101 || !res.webSocket) throw new Error(`upgrade failed: ${res.status} ${await res.text()}`);
    res.webSocket.accept();
    return new LiveClient(res.webSocket);
  }
  /** Resolve once `n` frames in total have arrived. */
  until(n: number): Promise<void> {
    if (this.frames.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }
  events() {
    return this.frames.filter((f): f is Extract<ServerMessage, { type: "event" }> => f.type === "event");
  }
  send(msg: unknown) {
    this.ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  }
  close() {
    this.ws.close(1000, "bye");
  }
}
