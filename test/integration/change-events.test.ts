import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

interface Ev {
  id: string;
  title: string;
  source: string;
  category: string;
  type: string;
  happenedAt: number;
  labels: Record<string, string>;
  payload: unknown;
  createdBy: string;
}
type Err = { error: { code: string; message: string } };

const deploy = (over: Record<string, unknown> = {}) => ({
  title: "Deploy: checkout-service v3.41.0",
  source: "ArgoCD",
  category: "deploys",
  labels: { service: "checkout-service", version: "v3.41.0", author: "deploy-bot", region: "us-east-1" },
  payload: { commit: "abc123" },
  ...over,
});

describe("change events", () => {
  it("stores an event with defaults and reads it back by id", async () => {
    const ingest = await tokenWith(["ingest"], "deploy-bot");
    const before = Date.now();
    const res = await json("/api/change-events", deploy(), { token: ingest });
    expect(res.status).toBe(201);
    const ev = (await res.json()) as Ev;
    expect(ev.type).toBe("deploy");
    expect(ev.createdBy).toBe("deploy-bot");
    expect(ev.happenedAt).toBeGreaterThanOrEqual(before);
    const got = (await (await call(`/api/change-events/${ev.id}`)).json()) as Ev;
    expect(got).toMatchObject({
      title: "Deploy: checkout-service v3.41.0",
      source: "ArgoCD",
      labels: { region: "us-east-1" },
      payload: { commit: "abc123" },
    });
    expect((await call("/api/change-events/chg_missing")).status).toBe(404);
  });

  it("publishes stored events to the live feed's changes topic", async () => {
    const ev = (await (await json("/api/change-events", deploy({ title: "Deploy: live check" }))).json()) as Ev;
    const stub = env.LIVE_FEED.get(env.LIVE_FEED.idFromName("global"));
    const rows = await runInDurableObject(stub, (_obj, state) =>
      state.storage.sql.exec<{ topics: string; event: string }>("SELECT topics, event FROM events").toArray(),
    );
    const mine = rows.find((r) => (JSON.parse(r.event) as { data: { id: string } }).data.id === ev.id);
    expect(mine).toBeDefined();
    expect(JSON.parse(mine!.topics)).toEqual(["changes"]);
    expect(JSON.parse(mine!.event)).toMatchObject({
      kind: "change_event",
      data: { title: "Deploy: live check", category: "deploys" },
    });
  });

  it("queries by time range, category, labels and free text, newest first with a cursor", async () => {
    const t0 = Date.now() - 3_600_000;
    const tag = `run-${crypto.randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 5; i++) {
      const res = await json(
        "/api/change-events",
        deploy({
          title: `Deploy ${tag} #${i}`,
          happened_at: t0 + i * 60_000,
          labels: { tag, n: String(i), region: i % 2 ? "us-west-2" : "us-east-1" },
        }),
      );
      expect(res.status).toBe(201);
    }
    const flag = await json("/api/change-events", {
      title: `Flag ${tag}`,
      source: "LaunchDarkly",
      category: "feature_flags",
      happened_at: new Date(t0 + 30_000).toISOString(),
      labels: { tag },
    });
    expect(flag.status).toBe(201);

    const all = (await (await call(`/api/change-events?labels=tag=${tag}`)).json()) as { events: Ev[] };
    expect(all.events.map((e) => e.title)).toEqual([
      `Deploy ${tag} #4`,
      `Deploy ${tag} #3`,
      `Deploy ${tag} #2`,
      `Deploy ${tag} #1`,
      `Flag ${tag}`,
      `Deploy ${tag} #0`,
    ]);

    const ranged = (await (
      await call(`/api/change-events?labels=tag=${tag}&from=${t0 + 60_000}&to=${t0 + 180_000}`)
    ).json()) as { events: Ev[] };
    expect(ranged.events.map((e) => e.labels.n)).toEqual(["3", "2", "1"]);

    const flags = (await (await call(`/api/change-events?labels=tag=${tag}&category=feature_flags`)).json()) as {
      events: Ev[];
    };
    expect(flags.events.map((e) => e.title)).toEqual([`Flag ${tag}`]);

    const west = (await (await call(`/api/change-events?labels=tag=${tag},region=us-west-2`)).json()) as {
      events: Ev[];
    };
    expect(west.events.map((e) => e.labels.n)).toEqual(["3", "1"]);

    const text = (await (await call(`/api/change-events?q=${encodeURIComponent(`${tag} #2`)}`)).json()) as {
      events: Ev[];
    };
    expect(text.events.map((e) => e.labels.n)).toEqual(["2"]);

    const p1 = (await (await call(`/api/change-events?labels=tag=${tag}&limit=4`)).json()) as {
      events: Ev[];
      nextCursor: string;
    };
    expect(p1.events).toHaveLength(4);
    const p2 = (await (
      await call(`/api/change-events?labels=tag=${tag}&limit=4&cursor=${encodeURIComponent(p1.nextCursor)}`)
    ).json()) as { events: Ev[]; nextCursor: string | null };
    expect(p2.events.map((e) => e.title)).toEqual([`Flag ${tag}`, `Deploy ${tag} #0`]);
    expect(p2.nextCursor).toBeNull();
  });

  it("treats LIKE wildcards in free text literally", async () => {
    const res = (await (await call(`/api/change-events?q=${encodeURIComponent("%_%")}`)).json()) as { events: Ev[] };
    expect(res.events).toEqual([]);
  });

  it.each([
    ["a title over 100 characters", { title: "x".repeat(101) }, /title must be at most 100/],
    ["a source over 50 characters", { source: "s".repeat(51) }, /source must be at most 50/],
    ["an unknown category", { category: "weather" }, /category/],
    ["a missing title", { title: undefined }, /title/],
    ["happened_at more than 24 h ago", { happened_at: Date.now() - 25 * 3_600_000 }, /within 24 hours/],
    ["happened_at more than 24 h ahead", { happened_at: Date.now() + 25 * 3_600_000 }, /within 24 hours/],
    ["an unparseable time", { happened_at: "yesterday-ish" }, /ISO-8601/],
    [
      "more than 200 label pairs",
      { labels: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, "v"])) },
      /at most 200 label pairs/,
    ],
    ["a non-string label value", { labels: { a: 1 } }, /labels/],
    [
      "a payload over 100 KB",
      { payload: { blob: "x".repeat(100 * 1024) } },
      /payload is \d+ bytes of JSON; the limit is 102400/,
    ],
    ["an unknown field", { colour: "red" }, /colour|Unrecognized/i],
  ])("rejects %s with a clear 400", async (_name, over, message) => {
    const res = await json("/api/change-events", deploy(over));
    expect(res.status).toBe(400);
    const body = (await res.json()) as Err;
    expect(body.error.code).toBe("VALIDATION");
    expect(body.error.message).toMatch(message);
  });

  it("accepts exactly the limits", async () => {
    const res = await json(
      "/api/change-events",
      deploy({
        title: "t".repeat(100),
        source: "s".repeat(50),
        labels: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, "v"])),
      }),
    );
    expect(res.status).toBe(201);
  });

  it("explains a 400 KB payload, and refuses a body far past the limit before parsing it", async () => {
    const big = await json("/api/change-events", deploy({ payload: "x".repeat(400 * 1024) }));
    expect(big.status).toBe(400);
    expect(((await big.json()) as Err).error.message).toMatch(/payload is 4096\d\d bytes of JSON; the limit is 102400/);
    const huge = await json("/api/change-events", deploy({ payload: "x".repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as Err).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("rejects bad query parameters", async () => {
    expect((await call("/api/change-events?category=weather")).status).toBe(400);
    expect((await call("/api/change-events?labels=novalue")).status).toBe(400);
    expect((await call("/api/change-events?limit=100000")).status).toBe(400);
  });
});
