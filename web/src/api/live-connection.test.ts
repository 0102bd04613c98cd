/// <reference types="node" />
// LiveConnection against real sockets on loopback (a `ws` server that misbehaves on purpose): a handshake
// that never completes, an open socket that goes silent, a gap, a resume. Timeouts are scaled down.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createRequire } from "node:module";
import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { LiveConnection, type LiveMessage, type LiveStatus, type SocketLike } from "./live-connection";

const ws = createRequire(import.meta.url)("ws");
type ServerSocket = { send(s: string): void; close(): void; on(ev: string, fn: (d: unknown) => void): void };

/** An HTTP server whose n-th upgrade (0-based) is handled by `behave(n, …)`. */
async function feed(behave: (n: number, req: IncomingMessage, accept: () => Promise<ServerSocket>) => void) {
  const wss = new ws.WebSocketServer({ noServer: true });
  const server: Server = createServer();
  const urls: string[] = [];
  const held: Duplex[] = [];
  server.on("upgrade", (req, socket: Duplex, head) => {
    urls.push(req.url ?? "");
    held.push(socket);
    const accept = () =>
      new Promise<ServerSocket>((resolve) => wss.handleUpgrade(req, socket, head, (s: ServerSocket) => resolve(s)));
    behave(urls.length - 1, req, accept);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  const close = () => {
    for (const s of held) s.destroy();
    server.close();
    wss.close();
  };
  return { port, urls, close };
}

const hello = (lastId: number) => JSON.stringify({ type: "hello", lastId, topics: ["alerts"] });
const event = (id: number) =>
  JSON.stringify({ type: "event", id, topic: "alerts", at: id, event: { kind: "test", data: { id } } });

function client(port: number, o: Partial<ConstructorParameters<typeof LiveConnection>[0]> = {}) {
  const events: LiveMessage[] = [];
  const statuses: LiveStatus[] = [];
  let resyncs = 0;
  const c = new LiveConnection({
    url: (lastId) => `ws://127.0.0.1:${port}/api/live${lastId === null ? "" : `?resume_from=${lastId}`}`,
    socket: (url) => new ws.WebSocket(url) as SocketLike,
    topics: () => ["alerts"],
    onEvent: (m) => events.push(m),
    onResync: () => resyncs++,
    onStatus: (s) => statuses.push(s),
    connectTimeoutMs: 300,
    heartbeatMs: 150,
    deadAfterMs: 400,
    ...o,
  });
  return { c, events, statuses, resyncs: () => resyncs };
}

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

describe("LiveConnection", () => {
  it("gives up a handshake that never completes and connects on the next attempt", async () => {
    const f = await feed((n, _req, accept) => {
      if (n === 0) return; // the upgrade is never answered: the socket sits in CONNECTING
      void accept().then((s) => s.send(hello(7)));
    });
    const k = client(f.port);
    cleanup.push(() => (k.c.stop(), f.close()));
    k.c.start();
    await until("a second attempt that goes live", () => f.urls.length >= 2 && k.statuses.at(-1) === "live");
    expect(k.statuses.slice(0, 3)).toEqual(["connecting", "offline", "connecting"]);
    await until("hello", () => k.c.resumeId === 7);
  });

  it("drops an open socket that stops answering heartbeats, and stays on one that answers", async () => {
    const f = await feed((n, _req, accept) => {
      void accept().then((s) => {
        s.send(hello(1));
        if (n === 0) return; // silent from here on: pings unanswered
        s.on("message", (d) => String(d) === '{"type":"ping"}' && s.send('{"type":"pong"}'));
      });
    });
    const k = client(f.port);
    cleanup.push(() => (k.c.stop(), f.close()));
    k.c.start();
    await until("a reconnect after the silent socket", () => f.urls.length >= 2 && k.statuses.at(-1) === "live");
    // Several heartbeat periods later the answering socket is still the one in use.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(f.urls.length).toBe(2);
    expect(k.statuses.at(-1)).toBe("live");
  });

  it("resumes from the last event after the server closes, ignores what it already has, resyncs on a gap", async () => {
    const f = await feed((n, _req, accept) => {
      void accept().then((s) => {
        if (n === 0) {
          s.send(hello(10));
          s.send(event(11));
          s.send(event(12));
          setTimeout(() => s.close(), 50);
        } else if (n === 1) {
          s.send(hello(14));
          for (const id of [12, 13, 14]) s.send(event(id)); // 12 is a duplicate from before the restart
          setTimeout(() => s.close(), 50);
        } else {
          s.send(hello(30_000));
          s.send(JSON.stringify({ type: "gap", resumeFrom: 14, oldestKept: 9_000, lastId: 30_000 }));
          s.send(event(30_001));
        }
      });
    });
    const k = client(f.port);
    cleanup.push(() => (k.c.stop(), f.close()));
    k.c.start();
    await until("the event after the gap", () => k.events.at(-1)?.id === 30_001);
    expect(f.urls).toEqual(["/api/live", "/api/live?resume_from=12", "/api/live?resume_from=14"]);
    expect(k.events.map((e) => e.id)).toEqual([11, 12, 13, 14, 30_001]);
    expect(k.resyncs()).toBe(1);
  });

  it("retries at once when kicked instead of waiting out the backoff", async () => {
    let up = false;
    const f = await feed((_n, _req, accept) => {
      void accept().then((s) => (up ? s.send(hello(1)) : s.close()));
    });
    // A failure would wait a minute before the next attempt.
    const k = client(f.port, { backoff: () => 60_000 });
    cleanup.push(() => (k.c.stop(), f.close()));
    k.c.start();
    await until("the first attempt to be refused", () => k.statuses.at(-1) === "offline");
    up = true;
    k.c.kick();
    await until("live after the kick", () => k.statuses.at(-1) === "live");
    expect(f.urls.length).toBe(2);
  });
});
