// Traces benchmark: spans ingested per second through POST /v1/traces (protobuf) into a Vigil on workerd,
// then trace-search and span-statistics latency over the whole window, each beside an in-memory scan in
// Node of the same spans. Prints lines and writes bench/out/traces.json. Never asserts on time.
// BENCH_TRACE_SPANS (default 1,000,000) sets the size; BENCH_TRACE_BUDGET_S (default 1500) caps ingest time,
// after which the queries run over what was stored and the output says so.
import { writeFileSync } from "node:fs";
import { expect, it } from "vitest";
import { encodeTracesProto } from "../../core/otlp/traces/encode-proto";
import { startVigil } from "../../test/compat/harness";
import { benchOut, sized } from "../quick";
import { newColumns, SPANS_PER_TRACE, TraceGenerator } from "./generator";
import { findWrangler, PeakMemory } from "./memory";
import { referenceSearch, referenceStats } from "./reference";

const PORT = 18301;
const TARGET = Number(process.env.BENCH_TRACE_SPANS ?? sized(1_000_000, 20_000));
const BUDGET_MS = Number(process.env.BENCH_TRACE_BUDGET_S ?? 1500) * 1000;
const TRACES_PER_REQUEST = 1250; // 10,000 spans, ~3 MB of protobuf
const IN_FLIGHT = 2;
const RUNS = sized(3, 1);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

it("traces: ingest rate, search and stats latency vs an in-memory scan", async () => {
  const vigil = await startVigil({ port: PORT, vars: { TRACE_SHARDS: "4" } });
  const mem = new PeakMemory(findWrangler(PORT)).start();
  try {
    const endMs = Date.now() - 60_000;
    const startMs = endMs - 3_600_000;
    const gen = new TraceGenerator(startMs, endMs);
    const cols = newColumns(TARGET + TRACES_PER_REQUEST * SPANS_PER_TRACE);
    const headers = { authorization: `Bearer ${vigil.token}`, "content-type": "application/x-protobuf" };
    let retries = 0;
    // wrangler dev reloads the worker when any file in the tree changes (other work goes on beside the
    // bench): such a 503 is retried, which is safe because a re-sent span is ignored by its (trace, span) key.
    const post = async (body: Uint8Array): Promise<void> => {
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${vigil.url}/v1/traces`, { method: "POST", headers, body }).catch((e: Error) => e);
        if (!(res instanceof Error) && res.status === 200) return;
        const why = res instanceof Error ? res.message : `${res.status} ${await res.text()}`;
        if (attempt >= 5 || (!(res instanceof Error) && res.status !== 503)) throw new Error(`ingest failed: ${why}`);
        retries++;
        await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
      }
    };
    let sent = 0;
    let encodeMs = 0;
    const t0 = performance.now();
    const inflight = new Set<Promise<void>>();
    while (sent < TARGET && performance.now() - t0 < BUDGET_MS) {
      const te = performance.now();
      const body = encodeTracesProto(gen.batch(TRACES_PER_REQUEST, cols));
      encodeMs += performance.now() - te;
      sent += TRACES_PER_REQUEST * SPANS_PER_TRACE;
      const p: Promise<void> = post(body).then(() => {
        inflight.delete(p);
      });
      inflight.add(p);
      if (inflight.size >= IN_FLIGHT) await Promise.race(inflight);
    }
    await Promise.all(inflight);
    const ingestMs = performance.now() - t0 - encodeMs;
    const rate = sent / (ingestMs / 1000);
    console.log(
      `\ntraces bench: ${sent.toLocaleString()} spans (${(sent / SPANS_PER_TRACE).toLocaleString()} traces) over 1 h${sent < TARGET ? ` (ingest budget hit before ${TARGET.toLocaleString()})` : ""}`,
    );
    console.log(
      `ingest: ${Math.round(rate).toLocaleString()} spans/s through POST /v1/traces (protobuf, ${IN_FLIGHT} requests in flight, client encoding time excluded; ${retries} retried after worker reloads)`,
    );

    const startUs = startMs * 1000;
    const endUs = (endMs + 60_000) * 1000;
    const q = `start=${startMs}&end=${endMs + 60_000}`;
    const get = async (path: string) => {
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(`${vigil.url}${path}`, { headers: { authorization: `Bearer ${vigil.token}` } });
        if (res.status === 200) return (await res.json()) as Record<string, unknown>;
        if (attempt >= 3 || res.status !== 503) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    };
    const searchPath = `/api/traces/search?${q}&service=checkout-service&status=error&tag=deployment.version=v3.41.0&limit=20`;
    const statsPath = `/api/traces/stats?${q}&groupBy=service,operation`;
    const results: Record<string, { vigilMs: number[]; referenceMs: number[]; check: string }> = {};
    const cases: [string, string, () => unknown][] = [
      ["search", searchPath, () => referenceSearch(cols, startUs, endUs, 20)],
      ["stats", statsPath, () => referenceStats(cols, startUs, endUs)],
    ];
    for (const [name, path, ref] of cases) {
      const v: number[] = [];
      const r: number[] = [];
      let vigilOut: Record<string, unknown> = {};
      let refOut: unknown;
      for (let i = 0; i < RUNS; i++) {
        const a = await time(() => get(path));
        v.push(a.ms);
        vigilOut = a.value;
        const b = await time(ref);
        r.push(b.ms);
        refOut = b.value;
      }
      // Same answer, not just the same speed class: compare what both found.
      const check =
        name === "search"
          ? `vigil ${(vigilOut.traces as { traceId: string }[]).map((t) => t.traceId).join(",") === (refOut as { traceId: string }[]).map((t) => t.traceId).join(",") ? "==" : "!="} reference (top 20 trace ids)`
          : (() => {
              const top = (
                vigilOut.rows as { key: Record<string, string>; current: { leafErrors: number; requests: number } }[]
              )[0];
              const refLeaf = (refOut as { service: string; leafErrors: number }[]).reduce(
                (n, g) => n + g.leafErrors,
                0,
              );
              return `top ${top.key.service} ${top.key.operation}: ${top.current.leafErrors} leaf errors; reference total leaf errors ${refLeaf}; truncated=${String(vigilOut.truncated)}`;
            })();
      results[name] = { vigilMs: v, referenceMs: r, check };
      console.log(
        `${name}: vigil median ${median(v).toFixed(1)} ms (min ${Math.min(...v).toFixed(1)}), in-memory scan median ${median(r).toFixed(1)} ms; ratio ${(median(v) / median(r)).toFixed(1)}x; ${check}`,
      );
    }
    // Same answer as the in-memory scan: the top 20 error traces of the bad version, in the same order.
    expect(results.search.check).toMatch(/^vigil == reference/);
    mem.stop();
    console.log(
      `memory peak: vigil (wrangler + workerd) ${Math.round(mem.vigilPeakMb)} MB, bench process ${Math.round(mem.nodePeakMb)} MB`,
    );
    writeFileSync(
      benchOut("traces"),
      JSON.stringify(
        {
          when: new Date().toISOString(),
          spans: sent,
          target: TARGET,
          ingestSpansPerSec: Math.round(rate),
          ingestSeconds: ingestMs / 1000,
          queries: Object.fromEntries(
            Object.entries(results).map(([k, x]) => [
              k,
              { vigilMedianMs: median(x.vigilMs), referenceMedianMs: median(x.referenceMs), ...x },
            ]),
          ),
          memoryPeakMb: { vigil: Math.round(mem.vigilPeakMb), benchProcess: Math.round(mem.nodePeakMb) },
        },
        null,
        2,
      ),
    );
  } finally {
    mem.stop();
    await vigil.stop();
  }
});
