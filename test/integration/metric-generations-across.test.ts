// Range functions whose window spans several metric day generations (issue 12): `increase(x[24h])` an hour after
// midnight reads two days, and no generation holds both. Each generation's shards answer per-series window states
// over their own day (the overlap copy of the previous day's last 2 h is not counted again), the Worker merges
// them and finishes the function. With the raw path closed the answers must equal one unchanged store's (values
// to 1e-12: merged sums add in another order); a function that does not decompose still answers over raw series.
// Days are chosen by explicit timestamps (yesterday's midnight, so every sample is in the past).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../core/promql/engine";
import { PromQLError } from "../../core/promql/errors";
import { MemorySource } from "../../core/promql/memory-source";
import { encodeHistogram } from "../../core/remote-write/encode-histogram";
import { DAY_MS } from "../../core/shard-map/generations";
import { QUERY_LIMITS, promqlSemantics } from "../../platform/metrics/engine";
import { shardPushdown } from "../../platform/metrics/pushdown";
import { shardedSeriesSource } from "../../platform/metrics/source";
import { call } from "./helpers";
import { remoteWrite, uniq } from "./ingest-helpers";

const HOUR = 3_600_000;
const STEP = 60_000;
const MIDNIGHT = (Math.floor(Date.now() / DAY_MS) - 1) * DAY_MS;
const AT = MIDNIGHT + HOUR;
const FIRST = MIDNIGHT - 26 * HOUR;
const TIMES = Array.from({ length: (AT - FIRST) / STEP + 1 }, (_, i) => FIRST + i * STEP);
const METRIC = uniq("across_requests_total");
const SERIES = ["a", "b", "c", "d"].map((pod, s) => ({ __name__: METRIC, job: "api", a: String(s % 2), pod }));
// Counters with resets on both sides of midnight: 5 h before it (in yesterday's generation only), exactly at it
// (the first sample of the new day is below the old day's last) and 30 min after it.
const RESETS = [MIDNIGHT - 5 * HOUR, MIDNIGHT, MIDNIGHT + 30 * 60_000];
function values(s: number): Float64Array {
  let v = 10 * s;
  return Float64Array.from(TIMES, (t) => {
    if (RESETS.includes(t) && s !== 3) v = s;
    return (v += s + 1 + (t % 7));
  });
}

function expectSameAnswer(got: unknown, want: unknown, q: string) {
  const nums: string[] = [];
  const wantNums: string[] = [];
  const shape = (x: unknown, into: string[]) =>
    JSON.stringify(x, (_k, v) => {
      if (typeof v === "number" && !Number.isInteger(v)) {
        into.push(String(v));
        return "#";
      }
      if (typeof v === "string" && /^[-+]?([0-9.e+-]+|Inf|NaN)$/.test(v)) {
        into.push(v);
        return "#";
      }
      return v;
    });
  expect(shape(got, nums), q).toBe(shape(want, wantNums));
  nums.forEach((x, i) => {
    const [u, v] = [Number(x.replace("Inf", "Infinity")), Number(wantNums[i].replace("Inf", "Infinity"))];
    const same = u === v || Math.abs(u - v) <= 1e-12 * Math.max(Math.abs(u), Math.abs(v));
    expect(same, `${q}: ${x} vs ${wantNums[i]}`).toBe(true);
  });
}

function reference() {
  const mem = new MemorySource();
  SERIES.forEach((labels, s) => mem.add(labels, TIMES, values(s)));
  return createEngine(mem, { ...QUERY_LIMITS, ...promqlSemantics(env) });
}

/** The engine over the generations with the raw path closed: answers can only come from pushed-down partials. */
function pushedOnly(workerBytes?: number) {
  const source = {
    ...shardedSeriesSource(env),
    select: async () => {
      throw new Error("raw read");
    },
  };
  return createEngine(source, { ...QUERY_LIMITS, ...promqlSemantics(env), pushdown: shardPushdown(env, workerBytes) });
}

beforeAll(async () => {
  const res = await remoteWrite(
    SERIES.map((labels, s) => {
      const vs = values(s);
      return { labels, samples: TIMES.map((t, i) => ({ t, v: vs[i] })) };
    }),
  );
  expect(res.status, await res.clone().text()).toBe(204);
});

const QUERIES = [
  `increase(${METRIC}[24h])`,
  `sum by (a) (rate(${METRIC}[6h]))`,
  `max_over_time(${METRIC}[1d])`,
  `resets(${METRIC}[1d])`,
  `sum(increase(${METRIC}[24h]))`,
  `changes(${METRIC}[1d]) * 2`,
  `topk(2, irate(${METRIC}[3h]))`,
  `sum without (pod) (sum_over_time(${METRIC}[25h]))`,
  `count_over_time(${METRIC}[1d]) / on(pod) group_left last_over_time(${METRIC}[4h])`,
];

describe("metric generations: windows across midnight pushed down as per-day states", () => {
  it("answers with the raw path closed as one unchanged store does (to 1e-12)", async () => {
    const ref = reference();
    const pushed = pushedOnly();
    for (const q of QUERIES) {
      const want = await ref.instantQuery(q, AT);
      expect((want as { result: unknown[] }).result.length, q).toBeGreaterThan(0);
      expectSameAnswer(await pushed.instantQuery(q, AT), want, q);
    }
    // The resets on both sides of midnight, and the one at it, are all counted once.
    expect(await pushed.instantQuery(`resets(${METRIC}[1d])`, AT)).toMatchObject({
      result: expect.arrayContaining([{ metric: { job: "api", a: "0", pod: "a" }, value: [AT / 1000, "3"] }]),
    });
  });

  it("answers range queries whose first steps after midnight read both days, raw path closed", async () => {
    const ref = reference();
    for (const q of [`sum by (a) (rate(${METRIC}[6h]))`, `resets(${METRIC}[1d])`]) {
      const [from, to, step] = [MIDNIGHT - HOUR, AT, 600_000];
      expectSameAnswer(await pushedOnly().rangeQuery(q, from, to, step), await ref.rangeQuery(q, from, to, step), q);
    }
  });

  it("answers through /api/v1/query as the store does", async () => {
    const ref = reference();
    for (const q of QUERIES.slice(0, 4)) {
      const res = await call(`/api/v1/query?${new URLSearchParams({ query: q, time: String(AT / 1000) })}`);
      expect(res.status, await res.clone().text()).toBe(200);
      expectSameAnswer(((await res.json()) as { data: unknown }).data, await ref.instantQuery(q, AT), q);
    }
  });

  it("runs a function that does not decompose over raw series, with the same answer", async () => {
    const q = `sum by (a) (avg_over_time(${METRIC}[1d]))`;
    await expect(pushedOnly().instantQuery(q, AT)).rejects.toThrow(/raw read/);
    const res = await call(`/api/v1/query?${new URLSearchParams({ query: q, time: String(AT / 1000) })}`);
    expect(res.status, await res.clone().text()).toBe(200);
    expectSameAnswer(((await res.json()) as { data: unknown }).data, await reference().instantQuery(q, AT), q);
  });

  it("runs native histograms over raw series: states are floats only", async () => {
    const name = uniq("across_hist_seconds");
    const times = TIMES.filter((_, i) => i % 30 === 0);
    const at = (k: number) => ({
      count: 2 * k,
      sum: 1.5 * k,
      schema: 0,
      zeroThreshold: 1e-128,
      zeroCount: k,
      positiveSpans: [{ offset: 0, length: 1 }],
      positiveDeltas: [k],
      negativeSpans: [],
      resetHint: 0,
    });
    const res = await remoteWrite([
      {
        labels: { __name__: name, job: "api" },
        samples: [],
        histograms: times.map((t, i) => encodeHistogram(at(i + 1), t)),
      },
    ]);
    expect(res.status, await res.clone().text()).toBe(204);
    const q = `histogram_count(sum(increase(${name}[24h])))`;
    await expect(pushedOnly().instantQuery(q, AT)).rejects.toThrow(/raw read/);
    const got = await call(`/api/v1/query?${new URLSearchParams({ query: q, time: String(AT / 1000) })}`);
    expect(got.status, await got.clone().text()).toBe(200);
    expect(((await got.json()) as { data: { result: unknown[] } }).data.result).toHaveLength(1);
  });

  it("reads raw series when the states pass a byte budget, with the same answer", async () => {
    // States cost 72 B a step: over the pushdown's budget they are refused and the raw path (its own budget)
    // answers instead, so a query raw samples can hold never turns into a 422 because of states.
    let rawReads = 0;
    const sharded = shardedSeriesSource(env);
    const source = {
      ...sharded,
      select: (...args: Parameters<typeof sharded.select>) => {
        rawReads++;
        return sharded.select(...args);
      },
    };
    const engine = createEngine(source, {
      ...QUERY_LIMITS,
      ...promqlSemantics(env),
      pushdown: shardPushdown(env, 2_000),
    });
    const q = `increase(${METRIC}[24h])`;
    expectSameAnswer(await engine.instantQuery(q, AT), await reference().instantQuery(q, AT), q);
    expect(rawReads).toBeGreaterThan(0);
    // With the raw path closed the same budget leaves nothing to answer from: proof the states were refused.
    await expect(pushedOnly(2_000).instantQuery(q, AT)).rejects.toThrow(/raw read/);
  });

  it("answers 422 naming what to narrow when raw series pass the Worker's budget too", async () => {
    const engine = createEngine(shardedSeriesSource(env), {
      ...QUERY_LIMITS,
      ...promqlSemantics(env),
      pushdown: shardPushdown(env, 2_000),
      maxBytes: 2_000,
    });
    const err = await engine.instantQuery(`increase(${METRIC}[24h])`, AT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromQLError);
    expect((err as Error).message).toMatch(/memory budget in the Worker.*narrow the selectors' matchers/);
  });
});
