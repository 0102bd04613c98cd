import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it, vi } from "vitest";
import { publish } from "../../platform/live/publish";
import { call, json, tokenWith } from "./helpers";
import { LiveClient } from "./lib/live-client";
import { check, Clock, createMonitor, gauge, privateBase } from "./lib/monitor-fixture";

const clock = new Clock(privateBase(90));
afterAll(() => void vi.useRealTimers());

describe("live feed", () => {
  it("checks the token on connect: none 401, ingest-only 403, read 101; rejects unknown topics", async () => {
    expect((await call("/api/live?topics=alerts", { token: null, headers: { upgrade: "websocket" } })).status).toBe(
      401,
    );
    const ingest = await tokenWith(["ingest"]);
    expect(
      (await call(`/api/live?access_token=${ingest}`, { token: null, headers: { upgrade: "websocket" } })).status,
    ).toBe(403);
    const reader = await tokenWith(["read"]);
    const c = await LiveClient.connect("topics=alerts", reader);
    await c.until(1);
    expect(c.frames[0]).toMatchObject({ type: "hello", topics: ["alerts"] });
    c.close();
    expect((await call("/api/live?topics=secrets", { headers: { upgrade: "websocket" } })).status).toBe(400);
    expect((await call("/api/live?topics=alerts")).status).toBe(400);
  });

  it("fans every transition out to many clients with the same id; a monitor topic gets only its monitor", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    await gauge(`live_${tag}`, {}, clock.now, 5);
    const m = await createMonitor({ name: `Live ${tag}`, query: `live_${tag}` });
    const other = await createMonitor({ name: `Other ${tag}`, query: `live_${tag}` });
    const clients = await Promise.all(Array.from({ length: 25 }, () => LiveClient.connect("topics=alerts")));
    const scoped = await LiveClient.connect(`topics=monitor:${m.id}`);
    await Promise.all([...clients, scoped].map((c) => c.until(1)));
    await check(m.id);
    await check(other.id);
    await Promise.all(clients.map((c) => c.until(3)));
    await scoped.until(2);
    const ids = clients.map((c) =>
      c
        .events()
        .map((e) => e.id)
        .join(","),
    );
    expect(new Set(ids).size).toBe(1);
    for (const c of clients) {
      const [a, b] = c.events();
      expect(a.event.kind).toBe("alert.transition");
      expect([a.event.data.monitorId, b.event.data.monitorId]).toEqual([m.id, other.id]);
      expect(a.event.data.to).toBe("firing");
      expect(b.id).toBeGreaterThan(a.id);
    }
    // The scoped client saw its monitor's event (topic monitor:<id>) and not the other's.
    const mine = scoped.events();
    expect(mine.map((e) => [e.topic, e.event.data.monitorId])).toEqual([[`monitor:${m.id}`, m.id]]);
    [...clients, scoped].forEach((c) => c.close());
  });

  it("a client reconnecting with resume_from gets exactly what it missed, in order", async () => {
    const wall = await LiveClient.connect("topics=alerts,comments");
    await wall.until(1);
    await publish(env, "alerts", { kind: "test.one", data: { n: 1 } });
    await wall.until(2);
    const lastId = wall.events()[0].id;
    wall.close();
    await publish(env, "alerts", { kind: "test.two", data: { n: 2 } });
    await publish(env, "changes", { kind: "test.unsubscribed", data: { n: 0 } });
    await publish(env, ["comments", "monitor:x"], { kind: "test.three", data: { n: 3 } });
    const back = await LiveClient.connect(`topics=alerts,comments&resume_from=${lastId}`);
    await back.until(3);
    expect(back.frames[0]).toMatchObject({ type: "hello" });
    expect(back.events().map((e) => [e.event.kind, e.id - lastId])).toEqual([
      ["test.two", 1],
      ["test.three", 3],
    ]);
    await publish(env, "alerts", { kind: "test.four", data: { n: 4 } });
    await back.until(4);
    expect(back.events().at(-1)!.event.kind).toBe("test.four");
    back.close();
  });

  it("validates client messages: subscribe, unsubscribe, ping; errors for junk", async () => {
    const c = await LiveClient.connect("topics=alerts");
    await c.until(1);
    c.send({ type: "subscribe", topics: ["comments"] });
    await c.until(2);
    expect(c.frames[1]).toEqual({ type: "subscribed", topics: ["alerts", "comments"] });
    c.send({ type: "unsubscribe", topics: ["alerts"] });
    c.send({ type: "ping", nonce: "n1" });
    c.send("{not json");
    c.send({ type: "subscribe", topics: ["../etc"] });
    await c.until(6);
    expect(c.frames.slice(2).map((f) => f.type)).toEqual(["subscribed", "pong", "error", "error"]);
    // A comment posted through the API reaches the comments topic.
    const tag = Math.random().toString(36).slice(2, 8);
    const m = await createMonitor({ name: `Comments ${tag}`, query: "vector(0)" });
    expect((await json(`/api/monitors/${m.id}/comments`, { body: "hello **team**" })).status).toBe(201);
    await c.until(7);
    expect(c.events().at(-1)!.event).toMatchObject({ kind: "comment.created", data: { body: "hello **team**" } });
    c.close();
  });
});
