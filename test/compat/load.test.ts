// Issue 17 §7, the load test: costly queries (a deep subquery, `{__name__=~".+"}` over the whole range, a 6-hour
// window per step) run concurrently, in waves, while /api/health and remote_write are called all along. Both must
// stay answered throughout (evaluation yields to the event loop), a monitor's alarm keeps checking, and every query either answers or is refused
// with a clear Prometheus-style error: never a 500, never a dropped connection. No wall-clock limit: "throughout"
// is measured against the queries' own window (a health answer in each quarter of it).
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "./harness";
import { snappyWriteRequest } from "./promql/remote-write";

let vigil: RunningVigil;
const SERIES = 300;
const STEP_MS = 15_000;
const HOURS = 6;
const end = Math.floor(Date.now() / STEP_MS) * STEP_MS - 60_000;
const start = end - HOURS * 3600_000;

function labelsOf(i: number): Record<string, string> {
  return {
    __name__: i % 3 === 0 ? "load_latency_seconds" : "load_requests_total",
    service: `svc-${i % 10}`,
    pod: `pod-${i}`,
    status: ["200", "500", "503"][i % 3],
  };
}

async function write(series: { labels: Record<string, string>; timestamps: number[]; values: number[] }[]) {
  const res = await fetch(`${vigil.url}/api/v1/write`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${vigil.token}`,
      "content-type": "application/x-protobuf",
      "content-encoding": "snappy",
      "x-prometheus-remote-write-version": "0.1.0",
    },
    body: snappyWriteRequest(series) as unknown as BodyInit,
  });
  return { status: res.status, text: res.status >= 300 ? await res.text() : "" };
}

beforeAll(async () => {
  vigil = await startVigil({ port: 18730 });
  // Six hours of 300 series at 15 s, in half-hour slices (time order, as a real sender would).
  for (let t0 = start; t0 <= end; t0 += 1800_000) {
    const ts: number[] = [];
    for (let t = t0; t < Math.min(t0 + 1800_000, end + 1); t += STEP_MS) ts.push(t);
    const batch = Array.from({ length: SERIES }, (_, i) => ({
      labels: labelsOf(i),
      timestamps: ts,
      values: ts.map((t) => ((t - start) / STEP_MS) * (1 + (i % 7)) + (i % 3 === 0 ? Math.sin(t / 60_000) : 0)),
    }));
    const r = await write(batch);
    if (r.status >= 300) throw new Error(`backfill answered ${r.status}: ${r.text}`);
  }
});

afterAll(async () => {
  await vigil?.stop();
});

type Outcome = { path: string; status: number; errorType?: string; error?: string; thrown?: string };

const s = (ms: number) => (ms / 1000).toFixed(0);
const COSTLY = [
  // Finer than 11,000 points per series: refused before loading anything (422).
  `/api/v1/query?query=${encodeURIComponent("max_over_time(rate(load_requests_total[5m])[6h:1s])")}&time=${s(end)}`,
  // A deep subquery over every series: heavy but legal.
  `/api/v1/query?query=${encodeURIComponent("max_over_time(sum by (pod) (rate(load_requests_total[5m]))[6h:15s])")}&time=${s(end)}`,
  // Every series of every metric over the whole range.
  `/api/v1/query_range?query=${encodeURIComponent('{__name__=~".+"}')}&start=${s(start)}&end=${s(end)}&step=15`,
  // A six-hour window at each of 360 steps.
  `/api/v1/query_range?query=${encodeURIComponent("quantile_over_time(0.99, load_latency_seconds[6h])")}&start=${s(start)}&end=${s(end)}&step=60`,
  `/api/v1/query?query=${encodeURIComponent('count_over_time({__name__=~".+"}[1d])')}&time=${s(end)}`,
];

/** GET on a new connection (no keep-alive), so that a dropped connection is the server's doing, never a pooled
 * socket reused just as the server's idle timer closed it (a Go client such as Grafana's resends on that). */
function getFresh(path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${vigil.url}${path}`,
      { agent: false, headers: path.startsWith("/api/health") ? {} : { authorization: `Bearer ${vigil.token}` } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
  });
}

async function query(path: string): Promise<Outcome> {
  try {
    const res = await getFresh(path);
    let body: { errorType?: string; error?: string } = {};
    try {
      body = JSON.parse(res.text);
    } catch {}
    return { path, status: res.status, errorType: body.errorType, error: body.error };
  } catch (e) {
    return { path, status: 0, thrown: e instanceof Error ? `${e.message} ${String(e.cause ?? "")}` : String(e) };
  }
}

describe("costly queries under load", () => {
  it("keep /api/health and remote_write answered throughout, and answer or refuse clearly", async () => {
    const health: { at: number; status: number; ms: number; why: string }[] = [];
    const writes: { status: number; text: string }[] = [];
    const retried: string[] = [];
    let running = true;
    const probe = async () => {
      while (running) {
        const t = Date.now();
        let why = "";
        // A new connection per probe (no keep-alive): a socket reused just as the server closes it is a client
        // artefact (the writes below resend on it, as Prometheus does); a probe that fails here is the server's.
        const status = await getFresh("/api/health")
          .then((r) => r.status)
          .catch((e) => {
            why = String(e);
            return 0;
          });
        health.push({ at: Date.now(), status, ms: Date.now() - t, why });
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    let next = end + STEP_MS;
    const ingest = async () => {
      while (running) {
        const t = next;
        next += STEP_MS;
        const batch = Array.from({ length: 50 }, (_, i) => ({
          labels: labelsOf(i),
          timestamps: [t],
          values: [t / 1000],
        }));
        // As Prometheus does, a send that failed at the connection (no HTTP answer) is retried; retries are counted
        // and reported. An HTTP error is not retried: it fails the test.
        let r: { status: number; text: string } | null = null;
        for (let attempt = 0; attempt < 3 && !r; attempt++) {
          r = await write(batch).catch((e) => {
            retried.push(`${Date.now()} ${String(e)} (${String((e as { cause?: unknown }).cause)})`);
            return null;
          });
        }
        writes.push(r ?? { status: 0, text: retried.at(-1) ?? "" });
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    const probes = Promise.all([probe(), ingest()]);

    // A monitor checking every 15 s (its first check runs at creation): its alarms must keep running under load.
    const created = await fetch(`${vigil.url}/api/monitors`, {
      method: "POST",
      headers: { authorization: `Bearer ${vigil.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        name: "load-alarm-probe",
        query: "sum(rate(load_requests_total[5m]))",
        intervalSeconds: 15,
        conditions: [{ severity: "warning", operator: ">", threshold: 1e12 }],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const monitor = (await created.json()) as { id: string };
    const monitorHealth = async () =>
      (
        (await (
          await fetch(`${vigil.url}/api/monitors/${monitor.id}/state`, {
            headers: { authorization: `Bearer ${vigil.token}` },
          })
        ).json()) as { health: { lastRanAt: number | null; health: string; lastError: string | null } }
      ).health;

    const from = Date.now();
    // Waves of every costly query at once: three at least, and on until two of the monitor's 15 s intervals have
    // passed, so its alarm has to run while queries are in flight.
    const outcomes: Outcome[] = [];
    for (let wave = 0; wave < 3 || Date.now() - from < 32_000; wave++) {
      outcomes.push(...(await Promise.all(COSTLY.map(query))));
    }
    const to = Date.now();
    const alarm = await monitorHealth();
    running = false;
    await probes;

    const during = health.filter((h) => h.at >= from && h.at <= to);
    const sorted = during.map((h) => h.ms).sort((a, b) => a - b);
    console.log(
      `[load] ${outcomes.length} costly queries over ${((to - from) / 1000).toFixed(1)} s; ` +
        `${during.length} health answers meanwhile (median ${sorted[sorted.length >> 1]} ms, max ${sorted.at(-1)} ms); ` +
        `monitor last ran ${alarm.lastRanAt ? ((alarm.lastRanAt - from) / 1000).toFixed(1) : "never"} s into it; ` +
        `${writes.length} remote_writes (${retried.length} resent after a connection error: ${JSON.stringify(retried)}); outcomes ${JSON.stringify(outcomes.map((o) => `${o.status}${o.errorType ? ` ${o.errorType}` : ""}`))}`,
    );

    // Every query answered, or refused with a Prometheus error body naming why; none failed as a server error.
    for (const o of outcomes) {
      expect(o.thrown, o.path).toBeUndefined();
      if (o.status !== 200) {
        expect([422, 503], `${o.path}: ${o.status} ${o.error}`).toContain(o.status);
        expect(o.errorType, o.path).toMatch(/^(execution|timeout|bad_data)$/);
        expect(o.error, o.path).toBeTruthy();
      }
    }
    // The over-fine subquery is always refused with its reason.
    for (const o of outcomes.filter((x) => x.path === COSTLY[0])) {
      expect(o.status).toBe(422);
      expect(o.error).toMatch(/maximum resolution of 11,000 points/);
    }
    // At least one heavy query really ran to an answer (the load was real).
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(0);

    // Health and ingest: every call answered successfully...
    expect(health.filter((h) => h.status !== 200)).toEqual([]);
    expect(writes.filter((w) => w.status < 200 || w.status >= 300)).toEqual([]);
    expect(writes.length).toBeGreaterThan(0);
    // ...and throughout: a health answer landed in each quarter of the queries' window.
    const quarter = (to - from) / 4;
    for (let q = 0; q < 4; q++) {
      const inQ = during.filter((h) => h.at >= from + q * quarter && h.at <= from + (q + 1) * quarter);
      expect(inQ.length, `health answers in quarter ${q + 1} of the query window`).toBeGreaterThan(0);
    }
    // Alarms too: the monitor checked inside the window, and its checks succeeded.
    expect(alarm.lastRanAt, JSON.stringify(alarm)).toBeGreaterThan(from + 15_000);
    expect(alarm.health, JSON.stringify(alarm)).toBe("ok");
    // The data written under load was kept.
    const res = await fetch(
      `${vigil.url}/api/v1/query?query=${encodeURIComponent('count(load_requests_total{pod="pod-1"})')}&time=${s(next - STEP_MS)}`,
      { headers: { authorization: `Bearer ${vigil.token}` } },
    );
    const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
    expect(body.data.result[0]?.value[1]).toBe("1");
  }, 600_000);
});
