// Latency of the DDx cores on large inputs, each beside a full in-memory scan reference in the same run.
import { rankMetrics } from "../../core/ddx/metric-ddx";
import { seededRng } from "../../core/random";
import { Reservoir } from "../../core/traces/reservoir";
import { rankTraces } from "../../core/ddx/trace-ddx";
import type { SpanRecord } from "../../core/ddx/trace-types";
import type { GridWindow } from "../../core/ddx/types";

const RUNS = 5;

/** One call's time; the first call of a function is cold (it includes compiling the code). */
function firstMs(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

/** Median of RUNS calls after one warm-up call, so both sides of a ratio are measured compiled. */
function medianMs(f: () => void): number {
  f();
  const xs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    f();
    xs.push(performance.now() - t);
  }
  return xs.sort((a, b) => a - b)[RUNS >> 1];
}

/** 10,000 series, 8 label names (a 1,000-value customer among them), 60 window and 240 baseline steps. */
function bigGrids(n = 10_000): { window: GridWindow; baseline: GridWindow } {
  const rnd = seededRng(42);
  const mk = (steps: number, _bad: boolean): GridWindow => ({
    timestamps: Array.from({ length: steps }, (_, i) => i * 15_000),
    series: [],
  });
  const window = mk(60, true);
  const baseline = mk(240, false);
  for (let i = 0; i < n; i++) {
    const labels = {
      region: `r${i % 3}`,
      pod: `pod-${i % 60}`,
      endpoint: `/e${i % 20}`,
      version: `v${i % 3}`,
      tier: `t${i % 4}`,
      customer: `c${i % 1000}`,
      status: `${500 + (i % 4)}`,
      zone: `z${i % 7}`,
    };
    const level = 0.5 + rnd();
    const faulty = labels.endpoint === "/e7";
    const gen = (steps: number, f: number) =>
      Float64Array.from({ length: steps }, () => level * f * (0.8 + 0.4 * rnd()));
    window.series.push({ labels, values: gen(60, faulty ? 4 : 1) });
    baseline.series.push({ labels, values: gen(240, 1) });
  }
  return { window, baseline };
}

/** The least any metric DDx must do: touch every sample once and add it to every label=value total. */
function fullScanMetrics(g: { window: GridWindow; baseline: GridWindow }): number {
  const totals = new Map<string, number>();
  let n = 0;
  for (const w of [g.window, g.baseline]) {
    for (const s of w.series) {
      let sum = 0;
      for (let i = 0; i < s.values.length; i++) sum += s.values[i];
      for (const k in s.labels) {
        const key = `${k}\u0000${s.labels[k]}`;
        totals.set(key, (totals.get(key) ?? 0) + sum);
      }
      n += s.values.length;
    }
  }
  return n + totals.size;
}

/** 1,000,000 spans drawn from 5,000 attribute sets; 2% errors, concentrated on one version and peer. */
function bigSpans(n = 1_000_000): SpanRecord[] {
  const rnd = seededRng(7);
  const pool: Record<string, string>[] = [];
  for (let i = 0; i < 5000; i++) {
    pool.push({
      "service.name": "checkout-service",
      "cloud.region": `r${i % 3}`,
      "deployment.version": i % 10 === 0 ? "v3.41.0" : "v3.40.2",
      "k8s.pod.name": `pod-${i % 60}`,
      "http.route": `/r${i % 25}`,
      "http.request.method": i % 2 ? "GET" : "POST",
      "net.peer.name": i % 10 === 0 && i % 20 === 0 ? "payment-provider.internal" : `peer-${i % 7}`,
      customer: `c${i % 800}`,
    });
  }
  const spans: SpanRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const attributes = pool[Math.floor(rnd() * pool.length)];
    const bad = attributes["net.peer.name"] === "payment-provider.internal";
    spans[i] = { attributes, error: bad ? rnd() < 0.9 : rnd() < 0.01, durationMs: 20 + rnd() * 100 };
  }
  return spans;
}

export async function latency(): Promise<Record<string, unknown>> {
  const grids = bigGrids();
  let metricTop = "";
  const ddx = () => {
    const r = rankMetrics(grids.window, grids.baseline);
    metricTop = `${r.ranked[0]?.label}=${r.ranked[0]?.value}`;
  };
  const scan = () => void fullScanMetrics(grids);
  const metricColdMs = firstMs(ddx);
  const metricRefColdMs = firstMs(scan);
  const metricMs = medianMs(ddx);
  const metricRefMs = medianMs(scan);
  console.log(
    `\nmetric DDx engine (rankMetrics) over 10,000 series x (60 + 240) steps held in memory: ${metricMs.toFixed(1)} ms median of ${RUNS} after a warm-up run; ` +
      `reference: plain full scan in Node of the same in-memory grids (every sample once, summed into every label=value) ${metricRefMs.toFixed(1)} ms ` +
      `-> ratio x${(metricMs / metricRefMs).toFixed(2)} (target <= 2); first (cold, compiling) runs ${metricColdMs.toFixed(0)} ms vs ${metricRefColdMs.toFixed(0)} ms; top ${metricTop}`,
  );

  const spans = bigSpans();
  const errors = spans.filter((s) => s.error);
  const ok = spans.filter((s) => !s.error);
  let fullTop: string[] = [];
  let sampleTop: string[] = [];
  const top = (r: ReturnType<typeof rankTraces>) => r.ranked.slice(0, 3).map((x) => `${x.key}=${x.value}`);
  const fullMs = medianMs(() => {
    fullTop = top(
      rankTraces({
        comparison: "errors",
        target: { spans: errors, totalMatched: errors.length },
        other: { spans: ok, totalMatched: ok.length },
      }),
    );
  });
  const K = 5000;
  const sampledMs = medianMs(() => {
    const te = new Reservoir<SpanRecord>(K, seededRng(1));
    const to = new Reservoir<SpanRecord>(K, seededRng(2));
    for (const s of spans) (s.error ? te : to).offer(s);
    sampleTop = top(
      rankTraces({
        comparison: "errors",
        target: { spans: te.items, totalMatched: te.seen },
        other: { spans: to.items, totalMatched: to.seen },
      }),
    );
  });
  const rankOnlyMs = medianMs(() => {
    rankTraces({
      comparison: "errors",
      target: { spans: errors.slice(0, K), totalMatched: errors.length },
      other: { spans: ok.slice(0, K), totalMatched: ok.length },
    });
  });
  const agree = new Set(fullTop).size === new Set([...fullTop, ...sampleTop]).size;
  console.log(
    `trace DDx, ${spans.length.toLocaleString("en-US")} spans (${errors.length.toLocaleString("en-US")} errors): full in-memory scan ${fullMs.toFixed(1)} ms; reservoir ${K}/side incl. streaming all spans ${sampledMs.toFixed(1)} ms (x${(sampledMs / fullMs).toFixed(2)} of full); ranking a ${K}/side sample alone ${rankOnlyMs.toFixed(1)} ms; top-3 agree: ${agree} (${sampleTop.join(", ")})`,
  );
  return {
    runs: RUNS,
    metric: {
      series: 10_000,
      windowSteps: 60,
      baselineSteps: 240,
      ddxMs: metricMs,
      fullScanReferenceMs: metricRefMs,
      ratioToInMemoryScan: metricMs / metricRefMs,
      firstRunMs: metricColdMs,
      firstRunReferenceMs: metricRefColdMs,
      top: metricTop,
    },
    trace: {
      spans: spans.length,
      errorSpans: errors.length,
      fullScanMs: fullMs,
      reservoirMs: sampledMs,
      rankSampleOnlyMs: rankOnlyMs,
      samplePerSide: K,
      top3Agree: agree,
      fullTop,
      sampleTop,
    },
  };
}
