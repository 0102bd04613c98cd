// Monitor health (issue 17 §5, §6, §11): a monitor whose query fails shows its error and raises its own
// "monitor broken" alert to its channels; signal overflow is an evaluation error; an alarm writes its side
// effects in one D1 batch and one live-feed call. Real engine, D1 and Durable Objects; Date mocked.
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it, vi } from "vitest";
import { BROKEN_AFTER_FAILURES } from "../../core/alerting/broken";
import { MAX_SIGNALS } from "../../core/alerting/evaluate";
import { call, json } from "./helpers";
import { remoteWrite } from "./ingest-helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import {
  check,
  Clock,
  createChannel,
  createMonitor,
  inObject,
  monitorStub,
  privateBase,
  STEP,
} from "./lib/monitor-fixture";

const receiver = installReceiver();
const clock = new Clock(privateBase(160));
afterAll(() => {
  receiver.restore();
  vi.useRealTimers();
});

/** Parses, but fails at evaluation: many-to-many matching (no data needed, deterministic). */
const FAILING = 'vector(1) + on() group_left() (vector(1) or label_replace(vector(2), "a", "b", "", ""))';

const listed = async () => ((await (await call("/api/monitors")).json()) as { monitors: any[] }).monitors;
const tickAll = async (...ids: string[]) => {
  clock.set(clock.now + STEP);
  for (const id of ids) expect(await check(id)).toBe(true);
};

describe("monitor health", () => {
  it("a failing monitor shows error, its last error and evaluation time; it is listed first", async () => {
    const channelId = await createChannel({
      kind: "pagerduty",
      name: "health pager",
      config: { routingKey: "H3ALTH", eventsUrl: `${RECEIVER}/v2/enqueue` },
    });
    const fine = await createMonitor({ name: "AAA fine monitor", query: "vector(0)" });
    const broken = await createMonitor({ name: "ZZZ broken monitor", query: FAILING, channels: [channelId] });
    expect(await check(fine.id)).toBe(true);
    expect(await check(broken.id)).toBe(true);
    const state = (await (await call(`/api/monitors/${broken.id}/state`)).json()) as any;
    expect(state.health).toMatchObject({
      health: "error",
      failures: 1,
      failingSince: clock.now,
      lastCheckAt: clock.now,
    });
    expect(state.health.lastError).toMatch(/many-to-many matching not allowed/);
    expect(state.health.evalMs).toBeGreaterThanOrEqual(0);
    const list = await listed();
    const ours = list.filter((m) => m.id === fine.id || m.id === broken.id);
    expect(ours.map((m) => [m.name, m.health?.health])).toEqual([
      ["ZZZ broken monitor", "error"],
      ["AAA fine monitor", "ok"],
    ]);
    expect(list.findIndex((m) => m.id === broken.id)).toBeLessThan(list.findIndex((m) => m.id === fine.id));
    expect(receiver.received.filter((r) => r.body.routing_key === "H3ALTH")).toHaveLength(0);
  });

  it("keeps failing: its own 'monitor broken' alert pages its channels once, and resolves when fixed", async () => {
    const m = (await listed()).find((x) => x.name === "ZZZ broken monitor");
    for (let i = 1; i < BROKEN_AFTER_FAILURES + 2; i++) await tickAll(m.id);
    const pages = () => receiver.received.filter((r) => r.body.routing_key === "H3ALTH");
    expect(pages().map((p) => p.body.event_action)).toEqual(["trigger"]);
    expect(pages()[0].body.payload.summary).toMatch(
      /^Monitor broken: ZZZ broken monitor cannot evaluate: .*many-to-many matching not allowed/,
    );
    const alerts = ((await (await call(`/api/alerts?monitorId=${m.id}&state=active`)).json()) as any).alerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: "firing", signalLabels: { monitor_health: "error" } });
    expect(alerts[0].annotations.error).toMatch(/many-to-many/);
    const detail = (await (await call(`/api/alerts/${alerts[0].id}`)).json()) as any;
    expect(detail.monitorHealth).toMatchObject({ health: "error", failures: BROKEN_AFTER_FAILURES + 2 });

    const put = await json(
      `/api/monitors/${m.id}`,
      {
        name: m.name,
        query: "vector(0)",
        conditions: [{ severity: "critical", operator: ">", threshold: 1 }],
        channels: m.channels,
      },
      { method: "PUT" },
    );
    expect(put.status).toBe(200);
    await tickAll(m.id);
    expect(pages().map((p) => p.body.event_action)).toEqual(["trigger", "resolve"]);
    expect(new Set(pages().map((p) => p.body.dedup_key)).size).toBe(1);
    const h = (await listed()).find((x) => x.id === m.id).health;
    // Healthy again; the last error is kept with its time so a flaky monitor can be diagnosed.
    expect(h).toMatchObject({ failures: 0, failingSince: null });
    expect(h.health).not.toBe("error");
    expect(h.lastError).toMatch(/many-to-many/);
  });

  it("signal overflow is an evaluation error on the monitor, not a silent cut", async () => {
    const metric = `overflow_${Math.random().toString(36).slice(2, 6)}`;
    const series = Array.from({ length: MAX_SIGNALS + 5 }, (_, i) => ({
      labels: { __name__: metric, pod: `p${i}` },
      samples: [{ t: clock.now, v: 10 }],
    }));
    expect((await remoteWrite(series)).status).toBe(204);
    const m = await createMonitor({ name: `Overflow ${metric}`, query: metric, signals: { mode: "series" } });
    expect(await check(m.id)).toBe(true);
    const st = (await (await call(`/api/monitors/${m.id}/state`)).json()) as any;
    expect(st.health.health).toBe("error");
    expect(st.health.lastError).toMatch(/more signals than the limit of 2000 per monitor: 5 new/);
    expect(st.lastCheck.error).toBe(st.health.lastError);
    expect(Object.keys(st.state.entries)).toHaveLength(MAX_SIGNALS);
  });
});

describe("batched side effects", () => {
  it("an alarm with many transitions writes D1 in one batch and calls the live feed once", async () => {
    const metric = `storm_${Math.random().toString(36).slice(2, 6)}`;
    const series = Array.from({ length: 60 }, (_, i) => ({
      labels: { __name__: metric, pod: `p${i}` },
      samples: [{ t: clock.now, v: 10 }],
    }));
    expect((await remoteWrite(series)).status).toBe(204);
    const channelId = await createChannel({
      kind: "slack",
      name: "storm",
      config: { webhookUrl: `${RECEIVER}/storm` },
    });
    const m = await createMonitor({ name: `Storm ${metric}`, query: metric, channels: [channelId] });
    const counts = await inObject(monitorStub(m.id), async (o: any) => {
      const calls = { batch: 0, statements: 0, run: 0, investigations: 0, publish: 0, publishMany: 0 };
      // The investigations a firing starts (docs/DDX.md) store their result one row each, bounded per alarm;
      // they are counted apart from the check's own side effects, which must be one batch.
      const count = (sql: string) => (/alert_investigations/.test(sql) ? "investigations" : "run");
      const db = o.env.DB as D1Database;
      const feed = o.env.LIVE_FEED as DurableObjectNamespace;
      o.env = {
        ...o.env,
        DB: new Proxy(db, {
          get(target, prop) {
            if (prop === "batch")
              return (stmts: D1PreparedStatement[]) => (
                (calls.batch += 1), (calls.statements += stmts.length), target.batch(stmts)
              );
            if (prop === "prepare")
              return (sql: string) => {
                const st = target.prepare(sql);
                return new Proxy(st, {
                  get(s, p) {
                    if (p === "run" && !/^\s*SELECT/i.test(sql))
                      return (...a: unknown[]) => ((calls[count(sql)] += 1), (s.run as any)(...a));
                    if (p === "bind")
                      return (...a: unknown[]) => {
                        const bound = s.bind(...a);
                        return new Proxy(bound, {
                          get(b, q) {
                            if (q === "run" && !/^\s*SELECT/i.test(sql))
                              return (...x: unknown[]) => ((calls[count(sql)] += 1), (b.run as any)(...x));
                            const v = (b as any)[q];
                            return typeof v === "function" ? v.bind(b) : v;
                          },
                        });
                      };
                    const v = (s as any)[p];
                    return typeof v === "function" ? v.bind(s) : v;
                  },
                });
              };
            const v = (target as any)[prop];
            return typeof v === "function" ? v.bind(target) : v;
          },
        }),
        LIVE_FEED: {
          idFromName: (n: string) => feed.idFromName(n),
          get: (id: DurableObjectId) => {
            const stub = feed.get(id) as any;
            return {
              publish: (...a: unknown[]) => ((calls.publish += 1), stub.publish(...a)),
              publishMany: (...a: unknown[]) => ((calls.publishMany += 1), stub.publishMany(...a)),
            };
          },
        },
      };
      await o.alarm();
      return calls;
    });
    // 60 signals fire: 60 alert rows, 60 transitions and their change events, 25 sends logged (the cap per alarm).
    expect(counts).toMatchObject({ batch: 1, run: 0, publish: 0, publishMany: 1 });
    expect(counts.statements).toBeGreaterThanOrEqual(60 + 60 + 60 + 25);
    expect(counts.investigations).toBeLessThanOrEqual(2); // MAX_PER_ALARM in durable/monitor/investigations.ts
    const changes = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM change_events WHERE category = 'alerts' AND json_extract(payload, '$.monitorId') = ?",
    )
      .bind(m.id)
      .first<{ n: number }>();
    expect(changes?.n).toBe(60);
    const firing = ((await (await call(`/api/alerts?monitorId=${m.id}&state=firing&limit=500`)).json()) as any).alerts;
    expect(firing).toHaveLength(60);
  });
});
