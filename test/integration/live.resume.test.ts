import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LIVE_PING, LIVE_PONG } from "../../core/contracts/alerting";
import { KEEP_EVENTS } from "../../durable/live-feed/event-log";
import type { LiveFeed } from "../../durable/live-feed/live-feed";
import { liveFeed, publish } from "../../platform/live/publish";
import { LiveClient } from "./lib/live-client";

/** Publish `n` events on `topic` inside the object (no RPC round trip each): the real publish path. */
async function burst(n: number, topic = "alerts"): Promise<{ first: number; last: number }> {
  return runInDurableObject(liveFeed(env), async (feed: LiveFeed) => {
    let first = 0;
    let last = 0;
    for (let i = 0; i < n; i++) {
      last = await feed.publish([topic], { kind: "test.burst", data: { i } });
      if (i === 0) first = last;
    }
    return { first, last };
  });
}

describe("live feed: resume, replay and gaps", () => {
  it("replays everything kept after the resume point, past 5,000 events, in order, then goes live", async () => {
    const before = await liveFeed(env).lastId();
    const { first, last } = await burst(12_000);
    expect(first).toBe(before + 1);
    const c = await LiveClient.connect(`topics=alerts&resume_from=${before}`);
    // Published while the replay is still paging: it must come after the backlog, exactly once.
    const during = await publish(env, "alerts", { kind: "test.during", data: {} });
    await c.until(1 + 12_001);
    const ids = c.events().map((e) => e.id);
    expect(ids.length).toBe(12_001);
    expect(ids[0]).toBe(first);
    expect(ids.at(-2)).toBe(last);
    expect(ids.at(-1)).toBe(during);
    expect(ids.every((id, i) => i === 0 || id === ids[i - 1] + 1)).toBe(true);
    const after = await publish(env, "alerts", { kind: "test.after", data: {} });
    await c.until(1 + 12_002);
    expect(c.events().at(-1)!.id).toBe(after);
    expect(c.frames.filter((f) => f.type === "gap")).toEqual([]);
    c.close();
  });

  it("sends a gap frame, and replays nothing, to a client resuming from before what is kept", async () => {
    const start = await liveFeed(env).lastId();
    // Enough events that the oldest ones (those after `start`) are pruned by the feed's own retention.
    await burst(KEEP_EVENTS + 1_000);
    const lastId = await liveFeed(env).lastId();
    const c = await LiveClient.connect(`topics=alerts&resume_from=${start + 1}`);
    await c.until(2);
    expect(c.frames[0]).toMatchObject({ type: "hello", lastId });
    const gap = c.frames[1];
    expect(gap).toMatchObject({ type: "gap", resumeFrom: start + 1, lastId });
    if (gap.type !== "gap") throw new Error("no gap frame");
    expect(gap.oldestKept).toBeGreaterThan(start + 2);
    expect(gap.oldestKept).toBeLessThanOrEqual(lastId - KEEP_EVENTS + 1);
    const next = await publish(env, "alerts", { kind: "test.after-gap", data: {} });
    await c.until(3);
    expect(c.events().map((e) => e.id)).toEqual([next]);
    c.close();
    // A resume point that is still kept replays normally.
    const ok = await LiveClient.connect(`topics=alerts&resume_from=${lastId - 3}`);
    await ok.until(1 + 4);
    expect(ok.frames.map((f) => f.type)).toEqual(["hello", "event", "event", "event", "event"]);
    ok.close();
  });

  it("sends a gap frame to a client whose resume point is ahead of the feed (its history was reset)", async () => {
    const lastId = await liveFeed(env).lastId();
    const c = await LiveClient.connect(`topics=alerts&resume_from=${lastId + 1_000}`);
    await c.until(2);
    expect(c.frames[1]).toEqual({ type: "gap", resumeFrom: lastId + 1_000, oldestKept: expect.any(Number), lastId });
    c.close();
  });

  it("answers the heartbeat text with pong", async () => {
    const c = await LiveClient.connect("topics=alerts");
    await c.until(1);
    c.send(LIVE_PING);
    await c.until(2);
    expect(c.frames[1]).toEqual(JSON.parse(LIVE_PONG));
    c.close();
  });
});
