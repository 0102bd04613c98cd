// Trace shards partitioned in time (issue 12): a generation per UTC day. A day rollover starts the next
// generation, a request across midnight is split between the two, and reads put each trace back together;
// retention drops whole old generations; objects of the layout before generations stay readable. Days are
// chosen by explicit timestamps around today's midnight, never by waiting on the clock.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { SpanRecord } from "../../core/otlp/traces/types";
import { DAY_MS, dayOfUs, oldestLiveDay } from "../../core/shard-map/generations";
import type { TraceShard } from "../../durable/trace-shard/trace-shard";
import { config } from "../../platform/env";
import { reloadShardMap } from "../../platform/shard-map/shard-map";
import {
  traceGeneration,
  traceGenerationName,
  traceShard,
  traceShardIndex,
  traceWriteShardCount,
} from "../../platform/traces/shards";
import { call, json } from "./helpers";
import { checkoutTrace, randomHex, toOtlpJson } from "./traces-fixtures";

const MIDNIGHT = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const TODAY = MIDNIGHT / DAY_MS;
const YESTERDAY = TODAY - 1;
const RETENTION = config(env).retentionDays;
let shards = 0;

/** Waits until trace writes go to generations (the map turns them on a few seconds after its first load). */
async function untilGenerations() {
  for (;;) {
    const res = await call("/api/admin/shard-map");
    expect(res.status).toBe(200);
    const from = ((await res.json()) as any).traces.generationsFrom as number | null;
    if (from !== null && from <= Date.now()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function send(spans: SpanRecord[]) {
  const res = await json("/v1/traces", toOtlpJson(spans));
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { partialSuccess?: { rejectedSpans?: string; errorMessage?: string } };
}

async function search(startMs: number, endMs: number) {
  const res = await call(`/api/traces/search?start=${startMs}&end=${endMs}&limit=500`);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as any).traces as { traceId: string; spanCount: number }[];
}

async function traceById(id: string) {
  return call(`/api/traces/${id}`);
}

const at = (spans: SpanRecord[], day: number) => spans.filter((s) => dayOfUs(s.startUs) === day);
const ids = (spans: SpanRecord[]) => new Set(spans.map((s) => s.spanId));

beforeAll(async () => {
  await untilGenerations();
  shards = await traceWriteShardCount(env);
});

describe("trace generations: one per UTC day", () => {
  // A checkout trace's spans start within 34 ms of its root: started 11 ms before midnight, 3 start on one day
  // and 5 on the next.
  const across = checkoutTrace({ traceId: randomHex(16), startMs: MIDNIGHT - 11, failing: true });
  const before = checkoutTrace({ traceId: randomHex(16), startMs: MIDNIGHT - 3_600_000, failing: false });
  const after = checkoutTrace({ traceId: randomHex(16), startMs: MIDNIGHT + 60_000, failing: false });

  it("splits one request across midnight between the two days' generations", async () => {
    expect(at(across, YESTERDAY)).toHaveLength(3);
    expect(at(across, TODAY)).toHaveLength(5);
    const body = await send([...across, ...before, ...after]);
    expect(body.partialSuccess?.rejectedSpans ?? "0").toBe("0");

    const home = traceShardIndex(across[0].traceId, shards);
    const old = await traceGeneration(env, YESTERDAY, home).getTrace(across[0].traceId);
    const cur = await traceGeneration(env, TODAY, home).getTrace(across[0].traceId);
    expect(ids(old.spans)).toEqual(ids(at(across, YESTERDAY)));
    expect(ids(cur.spans)).toEqual(ids(at(across, TODAY)));
    // Nothing went to the object of the layout before generations.
    expect((await traceShard(env, home).getTrace(across[0].traceId)).spans).toHaveLength(0);
    // Whole traces of one day live in that day's generation only.
    const b = traceShardIndex(before[0].traceId, shards);
    expect((await traceGeneration(env, YESTERDAY, b).getTrace(before[0].traceId)).spans).toHaveLength(before.length);
    expect((await traceGeneration(env, TODAY, b).getTrace(before[0].traceId)).spans).toHaveLength(0);
  });

  it("lists each trace once in a search over both days, the one across midnight with all its spans", async () => {
    const found = await search(MIDNIGHT - 2 * 3_600_000, Date.now() + 120_000);
    for (const t of [across, before, after]) {
      const hits = found.filter((f) => f.traceId === t[0].traceId);
      expect(hits, t[0].traceId).toHaveLength(1);
      expect(hits[0].spanCount).toBe(t.length);
    }
    // A window of yesterday only reads yesterday's generations: the trace across midnight shows its part there.
    const yesterday = await search(MIDNIGHT - 2 * 3_600_000, MIDNIGHT);
    expect(yesterday.find((f) => f.traceId === after[0].traceId)).toBeUndefined();
    expect(yesterday.find((f) => f.traceId === across[0].traceId)?.spanCount).toBe(at(across, YESTERDAY).length);
  });

  it("returns the trace across midnight whole by id", async () => {
    const res = await traceById(across[0].traceId);
    expect(res.status).toBe(200);
    const view = (await res.json()) as any;
    expect(view.spanCount).toBe(across.length);
    expect(ids(view.spans)).toEqual(ids(across));
    expect(view.orphans).toHaveLength(0);
  });
});

describe("trace generations: retention", () => {
  const expiredDay = oldestLiveDay(RETENTION, Date.now()) - 1;
  const oldestDay = oldestLiveDay(RETENTION, Date.now());
  const expired = checkoutTrace({ traceId: randomHex(16), startMs: expiredDay * DAY_MS + 3_600_000, failing: true });
  const oldest = checkoutTrace({ traceId: randomHex(16), startMs: oldestDay * DAY_MS + 3_600_000, failing: true });

  it("refuses spans of a day retention has dropped, and says so", async () => {
    const body = await send(expired);
    expect(body.partialSuccess?.rejectedSpans).toBe(String(expired.length));
    expect(body.partialSuccess?.errorMessage).toMatch(new RegExp(`older than the ${RETENTION}-day retention`));
  });

  it("drops a generation older than retention as a whole object and keeps the newer ones", async () => {
    // The expired day's generation as it was written when that day was current, with a key-value entry beside
    // its spans: only dropping the whole object's storage removes both.
    const home = traceShardIndex(expired[0].traceId, shards);
    const stub = env.TRACE_SHARD.get(env.TRACE_SHARD.idFromName(traceGenerationName(expiredDay, home)));
    await runInDurableObject(stub, (_obj, state) => state.storage.put("sentinel", 1));
    const old = traceGeneration(env, expiredDay, home);
    expect((await old.ingest(expired, expiredDay)).inserted).toBe(expired.length);
    expect((await send(oldest)).partialSuccess?.rejectedSpans ?? "0").toBe("0");
    const kept = traceGeneration(env, oldestDay, traceShardIndex(oldest[0].traceId, shards));

    // Reads no longer consult it, even before its alarm has run.
    expect((await traceById(expired[0].traceId)).status).toBe(404);
    expect(await search(expiredDay * DAY_MS, (expiredDay + 1) * DAY_MS)).toHaveLength(0);

    // Its alarm is due at once (a second after the write); run it now, whether or not it has fired meanwhile.
    await runInDurableObject(stub, (obj) => (obj as unknown as TraceShard).alarm());
    await runInDurableObject(stub, async (_obj, state) => {
      // deleteAll: no span, no attribute row, no record of the day, no other key, no alarm left.
      expect(await state.storage.get("sentinel")).toBeUndefined();
      const sql = state.storage.sql;
      for (const t of ["spans", "span_attrs", "resources", "resource_attrs", "err_children"])
        expect(sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`).one().n, t).toBe(0);
      expect(sql.exec("SELECT value FROM trace_meta WHERE key = 'day'").toArray()).toHaveLength(0);
      expect(await state.storage.getAlarm()).toBeNull();
    });

    // The oldest day still kept: its alarm only re-arms for the day it expires, and its trace is read by id
    // (the walk goes back through every kept day).
    const keptStub = env.TRACE_SHARD.get(
      env.TRACE_SHARD.idFromName(traceGenerationName(oldestDay, traceShardIndex(oldest[0].traceId, shards))),
    );
    expect(await runDurableObjectAlarm(keptStub)).toBe(true);
    expect(await kept.spanCount()).toBeGreaterThanOrEqual(oldest.length);
    await runInDurableObject(keptStub, async (_obj, state) => {
      expect(await state.storage.getAlarm()).toBe((oldestDay + 1 + RETENTION) * DAY_MS);
    });
    const res = await traceById(oldest[0].traceId);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).spanCount).toBe(oldest.length);
  });
});

describe("trace generations: objects from before them", () => {
  it("stay readable after an upgrade, and a trace with spans on both sides of the switch comes back whole", async () => {
    // An install from before the shard map: spans in `traces-<i>`, no trace epoch stored.
    const trace = checkoutTrace({ traceId: randomHex(16), startMs: Date.now() - 30 * 60_000, failing: true });
    const legacy = traceShard(env, traceShardIndex(trace[0].traceId, shards));
    expect((await legacy.ingest(trace.slice(0, 4))).inserted).toBe(4);
    const alone = checkoutTrace({ traceId: randomHex(16), startMs: Date.now() - 40 * 60_000, failing: false });
    await traceShard(env, traceShardIndex(alone[0].traceId, shards)).ingest(alone);
    await env.DB.prepare("DELETE FROM shard_epochs WHERE signal = 'traces'").run();

    // The first load keeps epoch 0 for the old objects and starts generations after it.
    const map = await reloadShardMap(env);
    expect(map.traces.map((e) => ({ epoch: e.epoch, daily: e.daily === true }))).toEqual([
      { epoch: 0, daily: false },
      { epoch: 1, daily: true },
    ]);
    expect(map.traces[1].activeFrom).toBeGreaterThan(Date.now());
    await untilGenerations();
    await send(trace.slice(4));
    const home = traceShardIndex(trace[0].traceId, shards);
    const day = dayOfUs(trace[4].startUs);
    expect((await traceGeneration(env, day, home).getTrace(trace[0].traceId)).spans).toHaveLength(trace.length - 4);

    for (const t of [trace, alone]) {
      const res = await traceById(t[0].traceId);
      expect(res.status).toBe(200);
      const view = (await res.json()) as any;
      expect(ids(view.spans)).toEqual(ids(t));
    }
    const found = await search(Date.now() - 3_600_000, Date.now());
    expect(found.filter((f) => f.traceId === trace[0].traceId).map((f) => f.spanCount)).toEqual([trace.length]);
    expect(found.filter((f) => f.traceId === alone[0].traceId).map((f) => f.spanCount)).toEqual([alone.length]);
    // The old object is no generation: it keeps its row-by-row retention.
    await runInDurableObject(env.TRACE_SHARD.get(env.TRACE_SHARD.idFromName(`traces-${home}`)), async (_obj, state) => {
      expect(state.storage.sql.exec("SELECT value FROM trace_meta WHERE key = 'day'").toArray()).toHaveLength(0);
    });
  });
});
