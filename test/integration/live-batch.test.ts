// One live-feed call for many events (a monitor's alarm): stored in order, each with its own id, and fanned
// out to the clients of its own topics exactly as single publishes are.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { publishBatch } from "../../platform/live/publish";
import { LiveClient } from "./lib/live-client";

describe("live feed batch publish", () => {
  it("stores the events in order with consecutive ids and sends each to its topics' subscribers", async () => {
    const m = `monitor:batch${Math.random().toString(36).slice(2, 8)}`;
    const alerts = await LiveClient.connect("topics=alerts");
    const scoped = await LiveClient.connect(`topics=${m}`);
    await Promise.all([alerts.until(1), scoped.until(1)]);
    const ids = await publishBatch(env, [
      { topics: ["alerts", m], event: { kind: "test.a", data: { n: 1 } } },
      { topics: [m], event: { kind: "test.b", data: { n: 2 } } },
      { topics: ["alerts"], event: { kind: "test.c", data: { n: 3 } } },
    ]);
    expect(ids[1] - ids[0]).toBe(1);
    expect(ids[2] - ids[1]).toBe(1);
    await alerts.until(3);
    await scoped.until(3);
    expect(alerts.events().map((e) => [e.id, e.event.kind])).toEqual([
      [ids[0], "test.a"],
      [ids[2], "test.c"],
    ]);
    expect(scoped.events().map((e) => [e.id, e.topic, e.event.kind])).toEqual([
      [ids[0], m, "test.a"],
      [ids[1], m, "test.b"],
    ]);
    expect(await publishBatch(env, [])).toEqual([]);
    alerts.close();
    scoped.close();
  });

  it("validates every item: a bad topic refuses the whole call and stores nothing", async () => {
    const before = await (env.LIVE_FEED.get(env.LIVE_FEED.idFromName("global")) as any).lastId();
    await expect(
      publishBatch(env, [
        { topics: ["alerts"], event: { kind: "test.ok", data: {} } },
        { topics: ["secrets"], event: { kind: "test.bad", data: {} } },
      ]),
    ).rejects.toThrow(); // the zod error (its message does not survive the RPC boundary)
    expect(await (env.LIVE_FEED.get(env.LIVE_FEED.idFromName("global")) as any).lastId()).toBe(before);
  });
});
