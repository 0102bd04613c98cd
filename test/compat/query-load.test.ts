// Issue 17 §7 proof: costly queries (a 1 ms subquery, deep subqueries, `{__name__=~".+"}` over a day, hostile
// regexes) run concurrently against Vigil on workerd while /api/health and remote_write are timed. Both keep
// being answered throughout, and each costly query gets an answer or a clear refusal (422/503 with the reason).
// Then a fuzz of query_range parameters: no answer is a 5xx other than a 503 timeout, and the worker never
// restarts. Latencies are printed, never asserted (machines are shared).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningVigil, startVigil } from "./harness";
import { remoteWrite, snappyWriteRequest } from "./promql/remote-write";

const DAY = 86_400_000;
const now = Math.floor(Date.now() / 60_000) * 60_000;
const SERIES = 200;

type Answer = { status: number; body: { status?: string; errorType?: string; error?: string } | null };

async function promCall(v: RunningVigil, path: string, params: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${v.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${v.token}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: { error: text.slice(0, 200) } };
  }
}

function batch(from: number, to: number) {
  const series = [];
  for (let i = 0; i < SERIES; i++) {
    const ts: number[] = [];
    for (let t = from; t < to; t += 60_000) ts.push(t);
    series.push({
      labels: { __name__: `load_metric_${i % 10}`, i: String(i), job: `job-${i % 7}` },
      timestamps: ts,
      values: Float64Array.from(ts, (t) => (t / 1000) % 9973),
    });
  }
  return series;
}

describe("no query can stall the server", () => {
  let vigil: RunningVigil;
  beforeAll(async () => {
    vigil = await startVigil({ port: 18140 });
    for (let from = now - DAY; from < now; from += 2 * 3600_000) {
      const res = await remoteWrite(
        `${vigil.url}/api/v1/write`,
        snappyWriteRequest(batch(from, from + 2 * 3600_000)),
        vigil.token,
      );
      expect(res.status).toBe(204);
    }
    const long = { __name__: "redos_target", v: `${"a".repeat(2000)}!` };
    const res = await remoteWrite(
      `${vigil.url}/api/v1/write`,
      snappyWriteRequest([{ labels: long, timestamps: [now - 60_000], values: Float64Array.of(1) }]),
      vigil.token,
    );
    expect(res.status).toBe(204);
  });
  afterAll(async () => {
    await vigil?.stop();
  });

  it("keeps health and remote_write answered while costly queries run, and refuses them clearly", async () => {
    const day = { start: String((now - DAY) / 1000), end: String(now / 1000) };
    const costly: { name: string; path: string; params: Record<string, string>; refusal?: number }[] = [
      {
        name: "1 ms subquery over a day",
        path: "/api/v1/query_range",
        params: { query: "count_over_time(vector(1)[30m:1ms])", ...day, step: "60" },
        refusal: 422,
      },
      {
        name: "deep subqueries",
        path: "/api/v1/query_range",
        params: {
          query: 'max_over_time(max_over_time(rate({__name__=~".+"}[5m])[1h:1s])[1d:1m])',
          ...day,
          step: "60",
          timeout: "3s",
        },
        refusal: 503,
      },
      {
        name: "every series over a day",
        path: "/api/v1/query_range",
        params: { query: '{__name__=~".+"}', ...day, step: "15" },
      },
      {
        name: "every series, counted over a day",
        path: "/api/v1/query",
        params: { query: 'count_over_time({__name__=~".+"}[1d])', time: String(now / 1000) },
      },
      {
        name: "hostile regex",
        path: "/api/v1/query",
        params: { query: 'redos_target{v=~"(a+)+b"} or redos_target{v=~"(a|aa)*b"}', time: String(now / 1000) },
      },
    ];
    let inFlight = costly.length;
    const health: { status: number; ms: number; during: boolean }[] = [];
    const writes: { status: number; ms: number; during: boolean }[] = [];
    const pinger = (async () => {
      while (inFlight > 0) {
        const t = performance.now();
        const res = await fetch(`${vigil.url}/api/health`);
        await res.arrayBuffer();
        health.push({ status: res.status, ms: performance.now() - t, during: inFlight > 0 });
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const writer = (async () => {
      let k = 0;
      while (inFlight > 0) {
        const t = performance.now();
        const ts = now + 1000 * ++k;
        const body = snappyWriteRequest([
          { labels: { __name__: "load_writer", k: "1" }, timestamps: [ts], values: Float64Array.of(k) },
        ]);
        const res = await remoteWrite(`${vigil.url}/api/v1/write`, body, vigil.token);
        writes.push({ status: res.status, ms: performance.now() - t, during: inFlight > 0 });
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    const answers = await Promise.all(
      costly.map(async (c) => {
        const t = performance.now();
        const a = await promCall(vigil, c.path, c.params);
        inFlight--;
        return { ...c, answer: a, ms: performance.now() - t };
      }),
    );
    await Promise.all([pinger, writer]);
    const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;
    for (const a of answers)
      console.log(
        `[query-load] ${a.name}: ${a.answer.status} ${a.answer.body?.errorType ?? a.answer.body?.status} ${(a.answer.body?.error ?? "").slice(0, 120)} (${a.ms.toFixed(0)} ms)`,
      );
    console.log(
      `[query-load] /api/health: ${health.length} answers during the load, p50 ${pct(
        health.map((h) => h.ms),
        0.5,
      ).toFixed(0)} ms, max ${pct(
        health.map((h) => h.ms),
        1,
      ).toFixed(0)} ms; remote_write: ${writes.length} answers, p50 ${pct(
        writes.map((w) => w.ms),
        0.5,
      ).toFixed(0)} ms, max ${pct(
        writes.map((w) => w.ms),
        1,
      ).toFixed(0)} ms`,
    );
    expect(health.every((h) => h.status === 200)).toBe(true);
    expect(writes.every((w) => w.status === 204)).toBe(true);
    // Answered while the costly queries were still running, not only after them.
    expect(health.filter((h) => h.during).length).toBeGreaterThanOrEqual(10);
    expect(writes.filter((w) => w.during).length).toBeGreaterThanOrEqual(3);
    for (const a of answers) {
      const { status, body } = a.answer;
      if (a.refusal) {
        expect(status, a.name).toBe(a.refusal);
        expect(body?.status, a.name).toBe("error");
        expect(body?.error, a.name).toMatch(
          a.refusal === 422 ? /subquery .* exceeds the maximum resolution/ : /timed out/,
        );
      } else {
        expect([200, 422, 503], a.name).toContain(status);
        if (status !== 200) expect(body?.error, a.name).toBeTruthy();
      }
    }
    expect(answers.find((a) => a.name === "hostile regex")?.answer.status).toBe(200);
  });

  it("answers fuzzed query_range parameters without a 5xx or a worker restart", async () => {
    const tokens = [
      "up",
      "load_metric_1",
      "rate(",
      "sum(",
      ")",
      "[5m]",
      "[1h:1ms]",
      "[1d:]",
      "{",
      "}",
      "1",
      "+",
      "*",
      "offset 1d",
      "@ end()",
      "vector(1)",
      '{__name__=~".+"}',
    ];
    const time = fc.oneof(
      fc.constantFrom(
        String(now / 1000),
        String((now - DAY) / 1000),
        "0",
        "-1",
        "1e300",
        "NaN",
        "",
        "2026-01-01T00:00:00Z",
      ),
      fc.double({ noNaN: false }).map(String),
    );
    const step = fc.oneof(
      fc.constantFrom("1", "0.001", "60", "1e-9", "-5", "0", "1h", "1ms", "abc", "1e12"),
      fc.double().map(String),
    );
    const samples = fc.sample(
      fc.record({
        query: fc.array(fc.constantFrom(...tokens), { minLength: 1, maxLength: 6 }).map((a) => a.join(" ")),
        start: time,
        end: time,
        step,
        timeout: fc.constantFrom("2s", "1ms", "", "abc"),
      }),
      { numRuns: 200, seed: 17 },
    );
    const bad: string[] = [];
    for (let i = 0; i < samples.length; i += 4) {
      const answers = await Promise.all(
        samples.slice(i, i + 4).map(async (p) => ({ p, a: await promCall(vigil, "/api/v1/query_range", p) })),
      );
      for (const { p, a } of answers) {
        const timedOut = a.status === 503 && a.body?.errorType === "timeout";
        if (a.status >= 500 && !timedOut) bad.push(`${a.status} ${JSON.stringify(p)}: ${a.body?.error}`);
        if (/restarted/i.test(a.body?.error ?? "")) bad.push(`restart: ${JSON.stringify(p)}`);
      }
    }
    expect(bad).toEqual([]);
    expect((await fetch(`${vigil.url}/api/health`)).status).toBe(200);
  });
});
