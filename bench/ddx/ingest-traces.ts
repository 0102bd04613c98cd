// Trace DDx through the real path: the checkout spans posted as OTLP/JSON to a live Vigil, then
// POST /api/ddx/traces (bounded samples per shard) beside the in-memory full scan of the same spans.
import { FAULT_AT, MIN } from "../../test/fixtures/ddx/checkout";
import { checkoutSpans, type TimedSpan } from "../../test/fixtures/ddx/spans";
import { Reservoir, seededRng } from "../../core/traces/reservoir";
import { rankTraces } from "../../core/ddx/trace-ddx";
import type { SpanRecord } from "../../core/ddx/trace-types";
import { otlpTraces } from "../../test/integration/lib/otlp-json";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function traceApiLatency(
  url: string,
  token: string,
  fetchRetry: (u: string, i: RequestInit) => Promise<Response>,
  scale: number,
): Promise<Record<string, unknown>> {
  const window = { start: FAULT_AT + 3 * MIN, end: FAULT_AT + 18 * MIN };
  const spans: TimedSpan[] = [...checkoutSpans(window.start, window.end, scale, 21)];
  const t = performance.now();
  for (let i = 0; i < spans.length; ) {
    let end = Math.min(spans.length, i + 5000);
    while (end < spans.length && spans[end].kind === "client") end++;
    const res = await fetchRetry(`${url}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(otlpTraces(spans.slice(i, end), 10_000_000 + i)),
    });
    if (res.status !== 200) throw new Error(`OTLP ${res.status} ${await res.text()}`);
    i = end;
  }
  const ingestS = (performance.now() - t) / 1000;
  const apiMs: number[] = [];
  let apiTop: string[] = [];
  let samples: unknown;
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    const res = await fetchRetry(`${url}/api/ddx/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        service: "checkout-service",
        window,
        comparison: "errors",
        sampleSize: 5000,
        changeEvents: false,
      }),
    });
    apiMs.push(performance.now() - started);
    const body = (await res.json()) as { output: { ranked: { key: string; value: string }[]; samples: unknown } };
    apiTop = body.output.ranked.slice(0, 3).map((x) => `${x.key}=${x.value}`);
    samples = body.output.samples;
  }
  const errors = spans.filter((s) => s.error);
  const ok = spans.filter((s) => !s.error);
  const fullMs: number[] = [];
  let fullTop: string[] = [];
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    const full = rankTraces({
      comparison: "errors",
      target: { spans: errors, totalMatched: errors.length },
      other: { spans: ok, totalMatched: ok.length },
    });
    fullMs.push(performance.now() - started);
    fullTop = full.ranked.slice(0, 3).map((x) => `${x.key}=${x.value}`);
  }
  const resMs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    const a = new Reservoir<SpanRecord>(5000, seededRng(r));
    const b = new Reservoir<SpanRecord>(5000, seededRng(r + 9));
    for (const s of spans) (s.error ? a : b).offer(s);
    rankTraces({
      comparison: "errors",
      target: { spans: a.items, totalMatched: a.seen },
      other: { spans: b.items, totalMatched: b.seen },
    });
    resMs.push(performance.now() - started);
  }
  const agree = new Set([...apiTop, ...fullTop]).size === new Set(fullTop).size;
  console.log(
    `trace DDx through the API over ${spans.length.toLocaleString("en-US")} spans in the window (OTLP/JSON in ${ingestS.toFixed(1)} s): POST /api/ddx/traces median ${median(apiMs).toFixed(0)} ms of 5; ` +
      `reference: the full scan (rankTraces over every span of the window, already in memory in Node, no fetch) ${median(fullMs).toFixed(0)} ms -> ratio x${(median(apiMs) / median(fullMs)).toFixed(2)} (target <= 1); ` +
      `in-memory reservoir ${median(resMs).toFixed(0)} ms; top-3 agree with the full scan: ${agree} (${apiTop.join(", ")}); samples ${JSON.stringify(samples)}`,
  );
  return {
    spans: spans.length,
    ingestSeconds: ingestS,
    apiMedianMs: median(apiMs),
    ratioToFullScan: median(apiMs) / median(fullMs),
    fullScanMedianMs: median(fullMs),
    reservoirMedianMs: median(resMs),
    top3Agree: agree,
    apiTop,
    fullTop,
    samples,
  };
}
