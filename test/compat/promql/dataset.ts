// A deterministic synthetic metrics data set for the PromQL compatibility suite and the bench: counters with
// resets, gauges (negative too), classic histograms, gaps, stale markers, sparse series, UTF-8 label names.
import { staleNaNArray } from "../../../core/promql/stale";
import type { Labels } from "../../../core/promql/types";
import { seededRng } from "../../../core/random";

export interface DataSeries {
  labels: Labels;
  timestamps: number[];
  /** Float64Array so stale-marker NaN payloads survive. */
  values: Float64Array;
}

export interface DataSet {
  start: number;
  end: number;
  scrapeMs: number;
  series: DataSeries[];
}

const STALE = staleNaNArray();

class Builder {
  readonly series: DataSeries[] = [];
  constructor(
    readonly start: number,
    readonly end: number,
    readonly scrapeMs: number,
  ) {}

  add(
    labels: Labels,
    gen: (t: number, i: number) => number | "skip" | "stale",
    everyMs = this.scrapeMs,
    jitterSeed = 0,
  ): void {
    const ts: number[] = [];
    const vs: number[] = [];
    const staleIdx: number[] = [];
    const r = seededRng(jitterSeed || 1);
    let i = 0;
    for (let t = this.start; t <= this.end; t += everyMs) {
      // Small per-sample jitter (whole ms) so samples do not sit exactly on evaluation steps.
      const at = jitterSeed ? t + Math.floor(r() * 900) : t;
      const v = gen(at, i++);
      if (v === "skip") continue;
      ts.push(at);
      if (v === "stale") {
        staleIdx.push(vs.length);
        vs.push(0);
      } else vs.push(v);
    }
    const values = new Float64Array(vs);
    for (const j of staleIdx) values.set(STALE, j);
    this.series.push({ labels, timestamps: ts, values });
  }
}

/** Build the data set ending at `end` (ms, aligned to the minute) and spanning `hours`. */
export function buildDataSet(end: number, hours = 2): DataSet {
  const scrapeMs = 15_000;
  const start = end - hours * 3600_000;
  const b = new Builder(start, end, scrapeMs);
  const r = seededRng(42);
  let seed = 1;

  // Counters with occasional resets.
  for (const job of ["api", "web", "worker"]) {
    for (let inst = 0; inst < 5; inst++) {
      for (const method of ["GET", "POST"]) {
        for (const status of ["200", "404", "500"]) {
          let v = Math.floor(r() * 1000);
          const rate = r() * 20 + 0.1;
          const resetEvery = 100 + Math.floor(r() * 300);
          b.add(
            { __name__: "http_requests_total", job, instance: `${job}-${inst}:9090`, method, status },
            (_t, i) => {
              if (i > 0 && i % resetEvery === 0) v = Math.floor(r() * 3);
              else v += Math.floor(r() * rate * 15 * 100) / 100;
              return v;
            },
            scrapeMs,
            seed++,
          );
        }
      }
    }
  }
  for (let inst = 0; inst < 4; inst++) {
    for (let cpu = 0; cpu < 2; cpu++) {
      for (const mode of ["user", "system", "idle"]) {
        let v = r() * 1e5;
        b.add(
          { __name__: "node_cpu_seconds_total", instance: `node-${inst}`, cpu: String(cpu), mode },
          () => (v += r() * 15),
          scrapeMs,
          seed++,
        );
      }
    }
  }
  // Gauges: a random walk, one with a 10 minute gap, one ending with a stale marker and coming back.
  for (const job of ["api", "web"]) {
    for (let inst = 0; inst < 4; inst++) {
      let v = 1e8 + r() * 1e8;
      const kind = inst;
      b.add(
        { __name__: "memory_usage_bytes", job, instance: `${job}-${inst}:9090` },
        (_t, i) => {
          v += (r() - 0.5) * 1e6;
          if (kind === 1 && i >= 200 && i < 240) return "skip";
          if (kind === 2 && i === 300) return "stale";
          if (kind === 2 && i > 300 && i < 340) return "skip";
          if (kind === 3 && i === 460) return "stale";
          if (kind === 3 && i > 460) return "skip";
          return Math.round(v);
        },
        scrapeMs,
        seed++,
      );
    }
  }
  for (let room = 0; room < 10; room++) {
    let v = -10 + r() * 40;
    b.add(
      { __name__: "temperature_celsius", room: `room-${room}`, floor: String(room % 3) },
      () => (v += (r() - 0.5) * 0.8),
      scrapeMs,
      seed++,
    );
  }
  // Classic histograms.
  const les = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity];
  for (const job of ["api", "web"]) {
    for (let inst = 0; inst < 4; inst++) {
      const counts = new Array(les.length).fill(0);
      let sum = 0;
      const perScrape: number[][] = [];
      const rr = seededRng(1000 + inst + (job === "api" ? 0 : 50));
      for (let t = start; t <= end; t += scrapeMs) {
        const n = Math.floor(rr() * 30);
        for (let k = 0; k < n; k++) {
          const obs = Math.exp(rr() * 6 - 5);
          sum += obs;
          for (let j = 0; j < les.length; j++) if (obs <= les[j]) counts[j]++;
        }
        perScrape.push([...counts, sum]);
      }
      const labels = { job, instance: `${job}-${inst}:9090` };
      les.forEach((le, j) => {
        b.add(
          { __name__: "request_duration_seconds_bucket", ...labels, le: le === Infinity ? "+Inf" : String(le) },
          (_t, i) => perScrape[i][j],
        );
      });
      b.add({ __name__: "request_duration_seconds_count", ...labels }, (_t, i) => perScrape[i][les.length - 1]);
      b.add({ __name__: "request_duration_seconds_sum", ...labels }, (_t, i) => perScrape[i][les.length]);
    }
  }
  for (const job of ["api", "web"]) {
    for (let inst = 0; inst < 4; inst++) {
      b.add({ __name__: "up", job, instance: `${job}-${inst}:9090` }, (_t, i) =>
        inst === 3 && i > 240 && i < 260 ? 0 : 1,
      );
    }
  }
  // Sparse series: one sample every 2-4 minutes, to exercise lookback.
  for (const kind of ["login", "logout", "error", "signup", "purchase"]) {
    let v = 0;
    const every = (2 + Math.floor(r() * 3)) * 60_000;
    b.add({ __name__: "sparse_events_total", kind }, () => (v += 1 + Math.floor(r() * 5)), every, seed++);
  }
  b.add({ __name__: "version_info", version: "1.2.3", service: "checkout" }, (_t, i) =>
    i === 240 ? "stale" : i > 240 ? "skip" : 1,
  );
  b.add({ __name__: "version_info", version: "1.3.0", service: "checkout" }, (_t, i) => (i <= 241 ? "skip" : 1));
  // Prometheus 3 style UTF-8 label names.
  for (const v of ["v3.41.0", "v3.42.0"]) {
    let x = r() * 100;
    b.add(
      { __name__: "deploy_requests_total", "deployment.version": v, "service.name": "checkout" },
      () => (x += r() * 10),
      scrapeMs,
      seed++,
    );
  }
  return { start, end, scrapeMs, series: b.series };
}

export function sampleCount(ds: DataSet): number {
  return ds.series.reduce((n, s) => n + s.timestamps.length, 0);
}
