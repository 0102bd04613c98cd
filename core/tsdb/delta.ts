// OTLP delta temporality to the cumulative series Prometheus stores, as the OpenTelemetry deltatocumulative
// processor behind Prometheus' otlp-deltatocumulative does: each point adds its increment to the series' running
// total. The running total is the series' own last stored value, so it survives restarts and a delta is counted
// once: a point not newer than the last one (a retried export, a duplicate) is out of order and refused.
import { BITS_HI, BITS_LO } from "./chunk";

/** The series' newest stored sample (value as bits, so a stale marker is recognised), or null for a new series. */
export interface LastSample {
  t: number;
  hi: number;
  lo: number;
}

const isStale = (hi: number, lo: number) => hi === 0x7ff00000 && lo === 2;

/**
 * Cumulative values for one series' delta points (timestamps ascending). After a stale marker, or for a new
 * series, the total restarts at the first increment (a counter reset, which rate() and increase() handle).
 * Stale markers pass through unchanged.
 */
export function deltaToCumulative(
  last: LastSample | null,
  timestamps: ArrayLike<number>,
  values: Float64Array,
): { timestamps: number[]; values: Float64Array; outOfOrder: number } {
  const inBits = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const outT: number[] = [];
  const out = new Float64Array(values.length);
  const outBits = new Uint32Array(out.buffer);
  const scratch = new Float64Array(1);
  const scratchBits = new Uint32Array(scratch.buffer);
  let lastT = last ? last.t : Number.NEGATIVE_INFINITY;
  let total = 0;
  if (last && !isStale(last.hi, last.lo)) {
    scratchBits[BITS_HI] = last.hi;
    scratchBits[BITS_LO] = last.lo;
    total = Number.isNaN(scratch[0]) ? 0 : scratch[0];
  }
  let outOfOrder = 0;
  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i];
    if (t <= lastT) {
      outOfOrder++;
      continue;
    }
    const hi = inBits[2 * i + BITS_HI];
    const lo = inBits[2 * i + BITS_LO];
    const k = outT.length;
    outT.push(t);
    lastT = t;
    if (isStale(hi, lo)) {
      outBits[2 * k + BITS_HI] = hi;
      outBits[2 * k + BITS_LO] = lo;
      total = 0;
      continue;
    }
    total += values[i];
    out[k] = total;
  }
  return { timestamps: outT, values: out.slice(0, outT.length), outOfOrder };
}
