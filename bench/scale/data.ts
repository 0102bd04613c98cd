// The scale benchmark's data: request counters and classic latency histograms of a fleet (10 services x 10
// endpoints x P pods; 5 statuses per counter, 8 buckets + _sum + _count per histogram), 2 h at 15 s,
// pre-encoded as Prometheus-shaped remote_write bodies (up to 2,000 samples each, series hashed over
// parallel queues, each queue in time order) so Vigil and Prometheus receive identical bytes.
import { compress } from "snappyjs";
import { seededRng } from "../../core/random";

export const STEP_MS = 15_000;
export const STEPS = 480;
const SAMPLES_PER_SERIES_PER_BODY = 4;
const SERIES_PER_BODY = 500;
export const QUEUES = 4;
const BUCKETS = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "1", "+Inf"];
const BOUNDS = BUCKETS.map(Number);
const STATUSES = ["200", "201", "404", "500", "503"];

export interface ScaleData {
  series: number;
  samples: number;
  start: number;
  end: number;
  /** Per queue, bodies in time order. */
  queues: Uint8Array[][];
  bytes: number;
}

interface SeriesDef {
  labelBytes: Uint8Array;
  /** Next value at step i. */
  next: (i: number) => number;
}

const utf8 = new TextEncoder();

function varint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** TimeSeries.labels fields of a sorted label set, encoded once per series. */
function encodeLabels(labels: Record<string, string>): Uint8Array {
  const out: number[] = [];
  for (const name of Object.keys(labels).sort()) {
    const n = utf8.encode(name);
    const v = utf8.encode(labels[name]);
    const inner: number[] = [0x0a];
    varint(inner, n.length);
    inner.push(...n, 0x12);
    varint(inner, v.length);
    inner.push(...v);
    out.push(0x0a);
    varint(out, inner.length);
    out.push(...inner);
  }
  return Uint8Array.from(out);
}

/** Pods so that the fleet has about `target` series (15 per service x endpoint x pod). */
export function podsFor(target: number): number {
  return Math.max(1, Math.round(target / 1500));
}

function fleet(pods: number, seed: number): SeriesDef[] {
  const rnd = seededRng(seed);
  const defs: SeriesDef[] = [];
  for (let s = 0; s < 10; s++)
    for (let e = 0; e < 10; e++)
      for (let p = 0; p < pods; p++) {
        const base = { service: `svc-${s}`, endpoint: `/api/e${e}`, pod: `svc-${s}-pod-${p}` };
        const rps = 1 + rnd() * 20 * (s + 1);
        for (const status of STATUSES) {
          const share = status === "200" ? 0.9 : status === "201" ? 0.06 : status === "404" ? 0.025 : 0.0075;
          let v = Math.floor(rnd() * 1000);
          defs.push({
            labelBytes: encodeLabels({ __name__: "scale_requests_total", ...base, status }),
            next: () => (v += Math.floor(rps * share * 15 * (0.5 + rnd()))),
          });
        }
        // One latency distribution per step shared by the buckets, _sum and _count of this histogram.
        const counts = new Array<number>(BUCKETS.length).fill(0);
        let sum = 0;
        let lastStep = -1;
        const advance = (i: number) => {
          if (i === lastStep) return;
          lastStep = i;
          // The step's requests as 20 equal groups, each with one latency drawn from a long-tailed curve.
          const n = Math.floor(rps * 15 * (0.5 + rnd()));
          const w = Math.max(1, Math.floor(n / 20));
          for (let k = 0; k < n; k += w) {
            const lat = 0.002 * Math.exp(rnd() * 5 + (s === 3 ? 1 : 0));
            sum += lat * w;
            for (let b = 0; b < BOUNDS.length; b++) if (lat <= BOUNDS[b]) counts[b] += w;
          }
        };
        BUCKETS.forEach((le, b) =>
          defs.push({
            labelBytes: encodeLabels({ __name__: "scale_request_duration_seconds_bucket", ...base, le }),
            next: (i) => (advance(i), counts[b]),
          }),
        );
        defs.push({
          labelBytes: encodeLabels({ __name__: "scale_request_duration_seconds_sum", ...base }),
          next: (i) => (advance(i), Math.round(sum * 1000) / 1000),
        });
        defs.push({
          labelBytes: encodeLabels({ __name__: "scale_request_duration_seconds_count", ...base }),
          next: (i) => (advance(i), counts[BUCKETS.length - 1]),
        });
      }
  return defs;
}

/** A growable byte buffer for protobuf fields (plain arrays are far too slow at 48 M samples). */
class Out {
  buf = new Uint8Array(1 << 16);
  n = 0;
  ensure(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.n++] = b;
  }
  varint(v: number): void {
    this.ensure(10);
    while (v >= 0x80) {
      this.buf[this.n++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.n++] = v;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }
}

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const scratch = new Out();

function varintLen(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** One TimeSeries message with its samples. */
function pushSeries(out: Out, labelBytes: Uint8Array, ts: number[], vs: number[]): void {
  scratch.n = 0;
  scratch.bytes(labelBytes);
  for (let i = 0; i < ts.length; i++) {
    scratch.byte(0x12);
    scratch.varint(1 + 8 + 1 + varintLen(ts[i]));
    scratch.byte(0x09);
    f64[0] = vs[i];
    scratch.ensure(8);
    for (let k = 0; k < 8; k++) scratch.buf[scratch.n++] = f64Bytes[k];
    scratch.byte(0x10);
    scratch.varint(ts[i]);
  }
  out.byte(0x0a);
  out.varint(scratch.n);
  out.bytes(scratch.buf.subarray(0, scratch.n));
}

export function generate(target: number, end: number, seed = 12): ScaleData {
  const defs = fleet(podsFor(target), seed);
  const start = end - (STEPS - 1) * STEP_MS;
  const queues: Uint8Array[][] = Array.from({ length: QUEUES }, () => []);
  const members = Array.from({ length: QUEUES }, (_, q) => defs.map((_, i) => i).filter((i) => i % QUEUES === q));
  let bytes = 0;
  for (let s0 = 0; s0 < STEPS; s0 += SAMPLES_PER_SERIES_PER_BODY) {
    const steps = Array.from({ length: Math.min(SAMPLES_PER_SERIES_PER_BODY, STEPS - s0) }, (_, k) => s0 + k);
    const ts = steps.map((i) => start + i * STEP_MS);
    // Step-major: every series advances one step before the next (a histogram's buckets share its state).
    const values = defs.map(() => new Array<number>(steps.length));
    steps.forEach((i, k) => {
      for (let j = 0; j < defs.length; j++) values[j][k] = defs[j].next(i);
    });
    for (let q = 0; q < QUEUES; q++) {
      for (let b = 0; b < members[q].length; b += SERIES_PER_BODY) {
        const out = new Out();
        for (const j of members[q].slice(b, b + SERIES_PER_BODY)) pushSeries(out, defs[j].labelBytes, ts, values[j]);
        const body = compress(out.buf.slice(0, out.n));
        bytes += body.length;
        queues[q].push(body);
      }
    }
  }
  return { series: defs.length, samples: defs.length * STEPS, start, end, queues, bytes };
}
