// Which metric generations a series' samples go to: each sample to its own UTC day's generation, and a sample in
// the last GENERATION_OVERLAP_MS of its day also to the next day's (a copy: reads clip it away, pushdown over a
// window across midnight reads it). Samples of days before `oldestDay` go nowhere: retention has dropped them.
import { DAY_MS, dayOfMs, GENERATION_OVERLAP_MS, inNextOverlap } from "./generations";

export interface DayPart {
  day: number;
  /** The next day's copy of the overlap: what storage says about it is not counted again. */
  copy: boolean;
  /** Indices of the samples, ascending; null: all of them. */
  indices: number[] | null;
}

export interface DaySplit {
  parts: DayPart[];
  /** Samples of days before `oldestDay`. */
  tooOld: number;
}

/** The day of all of `timestamps` when they fall in one kept day (none too old). */
function commonDay(timestamps: ArrayLike<number>, oldestDay: number): { day: number; min: number; max: number } | null {
  const n = timestamps.length;
  if (n === 0) return null;
  let min = timestamps[0];
  let max = min;
  for (let i = 1; i < n; i++) {
    const t = timestamps[i];
    if (t < min) min = t;
    else if (t > max) max = t;
  }
  const day = dayOfMs(min);
  return day >= oldestDay && day === dayOfMs(max) ? { day, min, max } : null;
}

/** The one day all of `timestamps` go to, none of them copied to the next (outside the day's overlap, or
 * `overlap` false): the common case. Null when splitByDay must say. */
export function singleDay(timestamps: ArrayLike<number>, oldestDay: number, overlap = true): number | null {
  const c = commonDay(timestamps, oldestDay);
  if (c === null) return null;
  return !overlap || c.max < (c.day + 1) * DAY_MS - GENERATION_OVERLAP_MS ? c.day : null;
}

/** The one day all of `timestamps` go to when every one of them is in its overlap, so all are copied to the next
 * day too (the last GENERATION_OVERLAP_MS of each day). Null otherwise. */
export function overlapDay(timestamps: ArrayLike<number>, oldestDay: number): number | null {
  const c = commonDay(timestamps, oldestDay);
  return c !== null && c.min >= (c.day + 1) * DAY_MS - GENERATION_OVERLAP_MS ? c.day : null;
}

/** `overlap` false: no copies (OTLP delta series: their day's generation answers the cumulative values it stored
 * in its overlap, `overlapRange`, and the router copies those instead, see platform/metrics/write.ts). */
export function splitByDay(timestamps: ArrayLike<number>, oldestDay: number, overlap = true): DaySplit {
  const n = timestamps.length;
  if (n === 0) return { parts: [], tooOld: 0 };
  const one = singleDay(timestamps, oldestDay, overlap);
  if (one !== null) return { parts: [{ day: one, copy: false, indices: null }], tooOld: 0 };
  const own = new Map<number, number[]>();
  const copies = new Map<number, number[]>();
  let tooOld = 0;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i];
    const d = dayOfMs(t);
    if (d < oldestDay) {
      tooOld++;
      continue;
    }
    push(own, d, i);
    if (overlap && inNextOverlap(t)) push(copies, d + 1, i);
  }
  const parts: DayPart[] = [];
  for (const [d, indices] of own) parts.push({ day: d, copy: false, indices: indices.length === n ? null : indices });
  for (const [d, indices] of copies) parts.push({ day: d, copy: true, indices: indices.length === n ? null : indices });
  return { parts, tooOld };
}

function push(m: Map<number, number[]>, k: number, i: number): void {
  const list = m.get(k);
  if (list) list.push(i);
  else m.set(k, [i]);
}

/** The range [from, to) of ascending `timestamps` in the last GENERATION_OVERLAP_MS of `day`: the cumulative values
 * an OTLP delta series stored there are copied to the next day's generation, whose running total continues from
 * them. Null when none (or no day: the layout before generations). */
export function overlapRange(day: number | null, timestamps: ArrayLike<number>): [number, number] | null {
  if (day === null) return null;
  const end = (day + 1) * DAY_MS;
  let from = timestamps.length;
  while (from > 0 && timestamps[from - 1] >= end - GENERATION_OVERLAP_MS) from--;
  let to = from;
  while (to < timestamps.length && timestamps[to] < end) to++;
  return to > from ? [from, to] : null;
}
