// Walls that always come back: 200 live-feed clients (the web app's own LiveConnection, in Node with `ws`) and
// two Chromium wall pages stay connected while Vigil is stopped with SIGTERM and started again on the same
// state. Every client reconnects, resumes from its last event id, and ends with exactly the events the feed
// issued: those before the restart, those published right after it (before the clients are back), and after.
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LiveConnection, type LiveStatus, type SocketLike } from "../../web/src/api/live-connection";
import { startVigil, type RestartableVigil } from "../compat/harness";
import { until } from "../compat/poll";
import { DESKTOP, launchBrowser, newPage, shotIfFailed, signIn } from "./browser";
import { postJson } from "./data";

const CLIENTS = 200;
const TOPICS = ["alerts", "changes", "comments", "mutes"];
const ws = createRequire(import.meta.url)("ws");

interface NodeClient {
  conn: LiveConnection;
  ids: number[];
  status: LiveStatus;
  resyncs: number;
}

let vigil: RestartableVigil;
let browser: Browser;
const clients: NodeClient[] = [];
const walls: Page[] = [];
let monitorId = "";

function nodeClient(): NodeClient {
  const c: NodeClient = { conn: null as unknown as LiveConnection, ids: [], status: "offline", resyncs: 0 };
  c.conn = new LiveConnection({
    url: (lastId) =>
      `${vigil.url.replace("http", "ws")}/api/live?access_token=${vigil.token}&topics=${TOPICS.join(",")}${lastId === null ? "" : `&resume_from=${lastId}`}`,
    socket: (url) => new ws.WebSocket(url) as SocketLike,
    topics: () => TOPICS,
    onEvent: (m) => c.ids.push(m.id),
    onResync: () => c.resyncs++,
    onStatus: (s) => (c.status = s),
  });
  return c;
}

/** The ids of the first `n` events after `after`, from a plain socket resuming there. */
async function replayFrom(after: number, n: number): Promise<number[]> {
  const url = `${vigil.url.replace("http", "ws")}/api/live?access_token=${vigil.token}&topics=${TOPICS.join(",")}&resume_from=${after}`;
  const sock = new ws.WebSocket(url);
  const ids: number[] = [];
  sock.on("message", (d: Buffer) => {
    const f = JSON.parse(String(d)) as { type: string; id?: number };
    if (f.type === "event" && f.id !== undefined) ids.push(f.id);
  });
  try {
    await until(`${n} replayed events`, () => ids.length >= n);
  } finally {
    sock.close();
  }
  return ids.slice(0, n);
}

const wallLive = (p: Page) => p.getByRole("status", { name: "Live updates: live" });
const wallIds = (p: Page) => p.evaluate(() => (window as unknown as { liveIds: number[] }).liveIds);

/** Events of every kind the walls subscribe to: a comment (comments) and a change event (changes). */
async function publishSome(tag: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await postJson(vigil, `/api/monitors/${monitorId}/comments`, { body: `${tag} comment ${i}` });
    await postJson(vigil, "/api/change-events", {
      title: `${tag} change ${i}`,
      source: "wall-test",
      category: "deploys",
      labels: { service: "checkout-service" },
    });
  }
}

beforeAll(async () => {
  vigil = await startVigil({ port: 19060 });
  const m = (await postJson(vigil, "/api/monitors", {
    name: "wall-restart-probe",
    query: "vector(0)",
    intervalSeconds: 60,
    conditions: [{ severity: "critical", operator: ">", threshold: 1, sustain: 0 }],
  })) as { id: string };
  monitorId = m.id;
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  for (const c of clients) c.conn.stop();
  await browser?.close();
  await vigil?.stop();
});

describe("walls across a full server restart", () => {
  it("200 clients and two Chromium walls reconnect, resume, and miss no event", async () => {
    for (let i = 0; i < 2; i++) {
      const { page } = await newPage(browser, DESKTOP);
      await page.addInitScript(() => {
        const w = window as unknown as { liveIds: number[] };
        w.liveIds = [];
        addEventListener("vigil:live-event", (e) => w.liveIds.push((e as CustomEvent<{ id: number }>).detail.id));
      });
      await signIn(page, vigil.url, vigil.token, "/wall");
      await wallLive(page).waitFor();
      walls.push(page);
    }
    for (let i = 0; i < CLIENTS; i++) clients.push(nodeClient());
    for (const c of clients) c.conn.start();
    await until("200 clients live", () => clients.every((c) => c.status === "live" && c.conn.resumeId !== null));
    const baseline = Math.max(...clients.map((c) => c.conn.resumeId ?? 0));

    await publishSome("before", 3);
    await until("the events before the restart at every client", () => clients.every((c) => c.ids.length === 6));

    await vigil.restart({
      signal: "SIGTERM",
      whileDown: async () => {
        await until("every client to notice the server is gone", () => clients.every((c) => c.status !== "live"));
        for (const w of walls) await w.getByRole("status", { name: /Live updates: (offline|connecting)/ }).waitFor();
      },
    });
    // Published as soon as the server answers, while most clients are still waiting out their backoff: these
    // reach them only through the resume.
    await publishSome("just-after", 3);
    await until("200 clients live again", () => clients.every((c) => c.status === "live"));
    for (const w of walls) await wallLive(w).waitFor();
    await publishSome("after", 3);

    // What the feed issued after the baseline, read back by a fresh resume: the reference every client must match.
    const reference = await replayFrom(baseline, 18);
    expect(reference[0]).toBe(baseline + 1);

    await until("every client to hold every event", () => clients.every((c) => c.ids.length >= 18));
    const wrong = clients.filter((c) => JSON.stringify(c.ids) !== JSON.stringify(reference));
    expect(wrong.map((c) => c.ids)).toEqual([]);
    expect(clients.filter((c) => c.resyncs > 0)).toHaveLength(0);
    for (const w of walls) {
      await until("the wall to apply every event", async () => (await wallIds(w)).length >= 18);
      expect(await wallIds(w)).toEqual(reference);
    }
  }, 600_000);
});
