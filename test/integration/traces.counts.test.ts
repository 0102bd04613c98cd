// Trace DDx totals from the per-minute span counts (durable/trace-shard/span-counts.ts) must equal a count of the
// spans themselves: for windows cut mid-minute, pinned scopes on resource keys (counted by minute) and on span
// attribute keys or durations (counted over spans), after exporter retries, after retention cut a minute in two,
// and on a shard upgraded from before the counts existed.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { AttrMatcher } from "../../core/scope/trace-scope";
import { migrateTraceSchema } from "../../durable/trace-shard/schema";
import { deleteOlderThan } from "../../durable/trace-shard/trace-shard";
import { type SampleSide, sampleSpanSides } from "../../platform/traces/sample";
import { traceShardsFor } from "../../platform/traces/shards";
import { checkoutSpans, type TimedSpan } from "../fixtures/ddx/spans";
import { json } from "./helpers";
import { otlpTraces } from "./lib/otlp-json";

const MIN = 60_000;
const base = Math.floor(Date.now() / MIN) * MIN - 30 * MIN;
let spans: TimedSpan[] = [];
let body: unknown;

/** Every object the spans may live in (each day's generation the test's spans reach, near midnight two). */
const shardStubs = async () =>
  (await traceShardsFor(env, (base - 6 * MIN) * 1000, (base + 13 * MIN) * 1000)) as unknown as DurableObjectStub[];

/** The counts table beside the same counts taken from the spans, per shard. */
async function countsAndRecount(): Promise<{ kept: string[]; recount: string[] }[]> {
  const out = [];
  for (const stub of await shardStubs())
    out.push(
      await runInDurableObject(stub, (_o, state) => {
        const rows = (q: string) =>
          state.storage.sql
            .exec(q)
            .toArray()
            .map((r) => JSON.stringify(r));
        return {
          kept: rows("SELECT minute, service, name, resource_id, status, n FROM span_minutes ORDER BY 1, 2, 3, 4, 5"),
          recount: rows(
            `SELECT start_us / 60000000 AS minute, service, name, resource_id, status, COUNT(*) AS n FROM spans
             GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
          ),
        };
      }),
    );
  return out;
}

const has = (s: TimedSpan, m: AttrMatcher) => {
  const v = s.attributes[m.key];
  if (m.op === "=") return v === m.value;
  if (m.op === "!=") return v !== m.value;
  const re = new RegExp(`^(?:${m.value})$`);
  return m.op === "=~" ? re.test(v ?? "") : !re.test(v ?? "");
};

function expected(win: { start: number; end: number }, scope: AttrMatcher[], sides: SampleSide[], from = 0) {
  const inWin = spans.filter((s) => s.start >= Math.max(win.start, from) && s.start < win.end);
  const matched = inWin.filter((s) => scope.every((m) => has(s, m)));
  return sides.map(
    (side) =>
      matched.filter(
        (s) =>
          (side.where === "error" ? s.error : side.where === "ok" ? !s.error : true) &&
          (side.minDurationMs === undefined || durUs(s) >= side.minDurationMs * 1000) &&
          (side.maxDurationMs === undefined || durUs(s) <= side.maxDurationMs * 1000),
      ).length,
  );
}

/** As stored: whole microseconds of the nanosecond duration otlpTraces writes. */
const durUs = (s: TimedSpan) => Math.floor(Math.round(s.durationMs * 1e6) / 1000);
const ERR_OK: SampleSide[] = [{ where: "error" }, { where: "ok" }];
/** Mid-minute on both ends, so both edges are counted over spans and the minutes between from the counts. */
const window = { start: base + 90_500, end: base + 11 * MIN - 20_250 };
const CASES: { name: string; win: { start: number; end: number }; scope: AttrMatcher[]; sides: SampleSide[] }[] = [
  { name: "no scope", win: window, scope: [], sides: ERR_OK },
  { name: "a resource key", win: window, scope: [{ key: "cloud.region", op: "=", value: "us-east-1" }], sides: ERR_OK },
  {
    name: "a regex and a negation on resource keys",
    win: window,
    scope: [
      { key: "deployment.version", op: "=~", value: "v3\\.41.*" },
      { key: "k8s.pod.name", op: "!=", value: "checkout-service-7f8b9c-a1b2c" },
    ],
    sides: ERR_OK,
  },
  {
    name: "a span attribute key (counted over spans)",
    win: window,
    scope: [{ key: "http.route", op: "=", value: "/v2/process-payment" }],
    sides: ERR_OK,
  },
  {
    name: "durations (counted over spans)",
    win: window,
    scope: [],
    sides: [{ minDurationMs: 100 }, { maxDurationMs: 100 }],
  },
  { name: "one side, all spans", win: window, scope: [], sides: [{ where: "all" }] },
  {
    name: "a window inside one minute",
    win: { start: base + 3 * MIN + 5_000, end: base + 3 * MIN + 50_000 },
    scope: [],
    sides: ERR_OK,
  },
  { name: "whole minutes", win: { start: base + 2 * MIN, end: base + 9 * MIN }, scope: [], sides: ERR_OK },
];

async function totals(c: (typeof CASES)[number]): Promise<number[]> {
  const r = await sampleSpanSides(
    env,
    { service: "checkout-service", start: c.win.start, end: c.win.end, scope: c.scope, limit: 20, seed: 7 },
    c.sides,
  );
  return r.map((x) => x.totalMatched);
}

beforeAll(async () => {
  spans = [...checkoutSpans(base, base + 12 * MIN, 0.04, 5, base - 5 * MIN)];
  body = otlpTraces(spans, 70_000);
  expect((await json("/v1/traces", body)).status).toBe(200);
});

describe("Trace DDx totals from per-minute counts", () => {
  it("equal a count of the spans for every kind of filter", async () => {
    expect(spans.some((s) => s.error)).toBe(true);
    for (const c of CASES)
      expect({ name: c.name, n: await totals(c) }).toEqual({ name: c.name, n: expected(c.win, c.scope, c.sides) });
    for (const s of await countsAndRecount()) expect(s.kept).toEqual(s.recount);
  });

  it("do not count an exporter's retry twice", async () => {
    expect((await json("/v1/traces", body)).status).toBe(200);
    for (const c of CASES.slice(0, 2)) expect(await totals(c)).toEqual(expected(c.win, c.scope, c.sides));
    for (const s of await countsAndRecount()) expect(s.kept).toEqual(s.recount);
  });

  it("follow retention when it cuts a minute in two", async () => {
    const cutoff = base + 4 * MIN + 30_000;
    for (const stub of await shardStubs())
      await runInDurableObject(stub, (_o, state) => {
        // Small batches: several rounds, each taking its spans out of the counts.
        while (deleteOlderThan(state.storage.sql, cutoff * 1000, 37));
      });
    for (const s of await countsAndRecount()) expect(s.kept).toEqual(s.recount);
    for (const c of CASES) expect(await totals(c)).toEqual(expected(c.win, c.scope, c.sides, cutoff));
  });

  it("are built from the stored spans when a shard from before them upgrades", async () => {
    let stub: DurableObjectStub | undefined;
    for (const s of await shardStubs())
      if (await runInDurableObject(s, (_o, st) => st.storage.sql.exec("SELECT 1 FROM spans LIMIT 1").toArray().length))
        stub ??= s;
    if (!stub) throw new Error("no object holds the test's spans");
    await runInDurableObject(stub, (_o, state) => {
      state.storage.sql.exec("DROP TABLE span_minutes");
      state.storage.sql.exec("UPDATE trace_meta SET value = 3 WHERE key = 'version'");
      migrateTraceSchema(state.storage);
    });
    const s = (await countsAndRecount()).find((x) => x.kept.length > 0 || x.recount.length > 0)!;
    expect(s.kept.length).toBeGreaterThan(0);
    expect(s.kept).toEqual(s.recount);
    expect(await totals(CASES[1])).toEqual(
      expected(CASES[1].win, CASES[1].scope, CASES[1].sides, base + 4 * MIN + 30_000),
    );
  });
});
