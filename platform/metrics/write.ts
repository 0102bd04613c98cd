// The write side: route validated series to their objects under the shard map's current epoch (by fingerprint;
// metadata by metric name) and, from the daily epoch on, by the UTC day of each sample (a generation per day, the
// last GENERATION_OVERLAP_MS of a day copied into the next one), and append in parallel, each object persisting
// before it answers.
import type { HistogramSeries, MetricMetadata, SeriesSamples } from "../../core/remote-write/types";
import { type DayPart, overlapDay, singleDay, splitByDay } from "../../core/shard-map/day-split";
import { dayOfMs } from "../../core/shard-map/generations";
import { encodeHistChunk } from "../../core/tsdb/hist-chunk";
import { seriesIdentity, shardOf } from "../../core/tsdb/labels";
import { type PackInput, packSeries } from "../../core/tsdb/packed";
import type { AppendResult } from "./shard-rpc";
import type { Env } from "../env";
import { metricGenerationName, metricObject, metricWriteRoute, type WriteRoute } from "./shards";
import { shardName } from "../../core/tsdb/labels";

/** Keep each RPC message well under the Workers RPC size limit. */
const SAMPLES_PER_CALL = 50_000;

/** What a write did across its objects: their own append results, summed (overlap copies not counted again),
 * and the samples refused for a day retention has dropped. */
export type WriteTotals = AppendResult & { tooOld: number; retentionDays?: number };

/** One object's share of a write: a generation's own samples, or its copy of the previous day's overlap (sent
 * apart, so what the object says about copies is not counted twice). */
export interface Target<T> {
  name: string;
  day: number | undefined;
  copy: boolean;
  /** The previous day's OTLP delta carry (its stored cumulative values in the overlap): a copy too, but one the
   * previous generation holds and this one must take for its running total to continue. */
  carry: boolean;
  items: T[];
  metadata: MetricMetadata[];
}

/** The targets of one write, grouped by object and kind. */
export class Targets<T> {
  readonly all = new Map<string, Target<T>>();
  constructor(private readonly route: WriteRoute) {}
  of(index: number, day: number | null, copy: boolean, carry = false): Target<T> {
    const daily = this.route.daily && day !== null;
    const name = daily ? metricGenerationName(day, index) : shardName(index);
    const k = carry ? `${name}^` : copy ? `${name}+` : name;
    let t = this.all.get(k);
    if (!t) this.all.set(k, (t = { name, day: daily ? day : undefined, copy, carry, items: [], metadata: [] }));
    return t;
  }
  /** `send` for every target. Without delta series, all objects in parallel. With them, day by day, oldest first
   * (each day's objects in parallel): a day's replies carry its delta series' cumulative values in its overlap,
   * which `send` adds as the next day's carry targets before that day is sent. */
  async each(send: (t: Target<T>) => Promise<AppendResult[]>, byDay: boolean): Promise<AppendResult[]> {
    if (!byDay) return this.sendTogether([...this.all.values()], send);
    const sent = new Set<Target<T>>();
    const out: AppendResult[] = [];
    for (;;) {
      const pending = [...this.all.values()].filter((t) => !sent.has(t));
      if (pending.length === 0) return out;
      const day = Math.min(...pending.map((t) => t.day ?? -1));
      const batch = pending.filter((t) => (t.day ?? -1) === day);
      for (const t of batch) sent.add(t);
      out.push(...(await this.sendTogether(batch, send)));
    }
  }
  /** Objects in parallel; an object's copy of the previous day before its own samples, which are newer (sent
   * together, the copy would arrive out of order). */
  private async sendTogether(
    targets: Target<T>[],
    send: (t: Target<T>) => Promise<AppendResult[]>,
  ): Promise<AppendResult[]> {
    const byObject = new Map<string, Target<T>[]>();
    for (const t of targets) {
      const list = byObject.get(t.name);
      if (!list) byObject.set(t.name, [t]);
      else if (t.copy) list.unshift(t);
      else list.push(t);
    }
    const out = await Promise.all(
      [...byObject.values()].map(async (list) => {
        const replies: AppendResult[] = [];
        for (const t of list) replies.push(...(await send(t)));
        return replies;
      }),
    );
    return out.flat();
  }
  private cachedDay = Number.NaN;
  private own: (Target<T> | undefined)[] = [];
  private copies: (Target<T> | undefined)[] = [];
  /** `of(index, day, copy)`, remembered per index for the day asked last (a copy's day is the next one): most
   * series of a write go to the same one or two days, and this runs once per series. */
  cachedOf(index: number, day: number, copy: boolean): Target<T> {
    const from = copy ? day - 1 : day;
    if (from !== this.cachedDay) {
      this.cachedDay = from;
      this.own = [];
      this.copies = [];
    }
    const cache = copy ? this.copies : this.own;
    let t = cache[index];
    if (!t) cache[index] = t = this.of(index, day, copy);
    return t;
  }
  /** The day all of a series' samples go to when they need no split (the common case, without allocating): 0 in
   * the old layout, which ignores the day; null when `split` must say. */
  oneDay(timestamps: ArrayLike<number>, overlap: boolean): number | null {
    return this.route.daily ? singleDay(timestamps, this.route.oldestDay, overlap) : 0;
  }
  /** The day all of a series' samples go to when all are in its overlap (so all are copied to the next day too). */
  copiedDay(timestamps: ArrayLike<number>, overlap: boolean): number | null {
    return this.route.daily && overlap ? overlapDay(timestamps, this.route.oldestDay) : null;
  }
  /** Where a series' samples go: the old layout whole, or split by day. */
  split(timestamps: ArrayLike<number>, overlap: boolean): { parts: DayPart[]; tooOld: number } {
    // The old layout: one object for every day (the day is not part of its name).
    if (!this.route.daily) return { parts: [{ day: 0, copy: false, indices: null }], tooOld: 0 };
    return splitByDay(timestamps, this.route.oldestDay, overlap);
  }
}

function pick<T extends ArrayLike<number>>(a: T, indices: number[] | null): number[] | T {
  return indices ? indices.map((i) => a[i]) : a;
}

/** Each series to its objects (a Target per object and kind). Objects get the canonical key (and its fingerprint)
 * instead of the label object, and each call's samples packed in typed arrays (core/tsdb/packed.ts): the RPC then
 * clones a few blocks, not an object per series. */
export function routeSeries(
  route: WriteRoute,
  series: SeriesSamples[],
): { targets: Targets<PackInput>; tooOld: number } {
  const n = route.shards;
  const targets = new Targets<PackInput>(route);
  let tooOld = 0;
  for (const s of series) {
    const { key, fingerprint } = s.identity ?? seriesIdentity(s.labels);
    const day = targets.oneDay(s.timestamps, !s.delta);
    if (day !== null) {
      targets
        .cachedOf(fingerprint % n, day, false)
        .items.push({ key, fingerprint, timestamps: s.timestamps, values: s.values, delta: s.delta });
      continue;
    }
    const copied = targets.copiedDay(s.timestamps, !s.delta);
    if (copied !== null) {
      const item = { key, fingerprint, timestamps: s.timestamps, values: s.values, delta: s.delta };
      targets.cachedOf(fingerprint % n, copied, false).items.push(item);
      targets.cachedOf(fingerprint % n, copied + 1, true).items.push(item);
      continue;
    }
    const split = targets.split(s.timestamps, !s.delta);
    tooOld += split.tooOld;
    for (const part of split.parts)
      targets.of(fingerprint % n, part.day, part.copy).items.push({
        key,
        fingerprint,
        timestamps: pick(s.timestamps, part.indices),
        values: part.indices ? Float64Array.from(part.indices, (i) => s.values[i]) : s.values,
        delta: s.delta,
      });
  }
  return { targets, tooOld };
}

export async function writeSeries(env: Env, series: SeriesSamples[], metadata: MetricMetadata[]): Promise<WriteTotals> {
  // The epoch active now decides each series' home; reads look in the homes of every epoch.
  const route = await metricWriteRoute(env);
  const n = route.shards;
  const byDay = route.daily && series.some((s) => s.delta);
  const { targets, tooOld } = routeSeries(route, series);
  let carryRefused = 0;
  // Metadata has no time: the generation of the day it is written (reads ask today's and yesterday's).
  const today = dayOfMs(Date.now());
  for (const m of metadata) targets.of(shardOf(m.metric, n), today, false).metadata.push(m);
  const results = await targets.each(async (target) => {
    const stub = metricObject(env, target.name);
    const out: AppendResult[] = [];
    let from = 0;
    let samples = 0;
    const flush = async (to: number, md: MetricMetadata[]) => {
      if (to === from && md.length === 0) return;
      const reply = await stub.append({
        packed: packSeries(target.items.slice(from, to)),
        metadata: md,
        ...(target.day !== undefined ? { day: target.day } : {}),
      });
      if (reply.error !== undefined) throw new Error(`metric shard ${target.name} refused an append: ${reply.error}`);
      out.push(reply.value);
      // The next day's generation continues this day's delta running totals from the values stored here.
      for (const c of reply.value.carry ?? [])
        targets.of(c.fingerprint % n, target.day! + 1, true, true).items.push({
          key: c.key,
          fingerprint: c.fingerprint,
          timestamps: c.timestamps,
          values: c.values,
        });
      from = to;
      samples = 0;
    };
    for (let j = 0; j < target.items.length; j++) {
      samples += target.items[j].timestamps.length;
      if (samples >= SAMPLES_PER_CALL) await flush(j + 1, []);
    }
    await flush(target.items.length, target.metadata);
    if (target.carry) carryRefused += refused(out);
    return target.copy ? [] : out;
  }, byDay);
  return withCarryRefused(addUp(results, tooOld, route), carryRefused);
}

const refused = (replies: AppendResult[]) => replies.reduce((k, r) => k + r.outOfOrder + r.conflicts, 0);

/** A carry the next day's generation refused: it already had later points of the series (a late or concurrent
 * write), so its running total lacks these increments unless a later carry of the same day brought them. The
 * points are stored in their own day, so they are not counted as rejected, but the sender is told. */
function withCarryRefused(t: WriteTotals, n: number): WriteTotals {
  if (n > 0 && t.errors.length < 5)
    t.errors.push(
      `${n} delta points in the last 2 h of a day reached the next day's generation after later points of their series: stored in their day, but missing from the next day's copy, so its running total and pushed-down windows across midnight may not include them`,
    );
  return t;
}

/** The shards' replies summed, with the first five distinct errors. */
function addUp(replies: AppendResult[], tooOld = 0, route?: WriteRoute): WriteTotals {
  const totals: WriteTotals = {
    accepted: 0,
    duplicates: 0,
    outOfOrder: 0,
    conflicts: 0,
    seriesLimited: 0,
    errors: [],
    tooOld,
    retentionDays: route?.retentionDays,
  };
  for (const r of replies) {
    totals.accepted += r.accepted;
    totals.duplicates += r.duplicates;
    totals.outOfOrder += r.outOfOrder;
    totals.conflicts += r.conflicts;
    totals.seriesLimited += r.seriesLimited;
    for (const e of r.errors) if (totals.errors.length < 5 && !totals.errors.includes(e)) totals.errors.push(e);
  }
  return totals;
}

/** Histogram samples per call: each is a few hundred bytes, so calls stay well under the RPC size limit. */
const HISTOGRAMS_PER_CALL = 20_000;

/** Native histogram series to their objects (routed as floats are), each part's samples encoded as one histogram
 * chunk (core/tsdb/hist-chunk.ts). */
export async function writeHistograms(env: Env, series: HistogramSeries[]): Promise<WriteTotals> {
  if (series.length === 0) return addUp([]);
  const route = await metricWriteRoute(env);
  const n = route.shards;
  type Item = { key: string; fingerprint: number; data: Uint8Array; samples: number; delta?: boolean };
  const targets = new Targets<Item>(route);
  const byDay = route.daily && series.some((s) => s.delta);
  let tooOld = 0;
  let carryRefused = 0;
  for (const s of series) {
    const { key, fingerprint } = s.identity ?? seriesIdentity(s.labels);
    const split = targets.split(
      s.samples.map((x) => x.t),
      !s.delta,
    );
    tooOld += split.tooOld;
    for (const part of split.parts) {
      const samples = part.indices ? part.indices.map((i) => s.samples[i]) : s.samples;
      targets.of(fingerprint % n, part.day, part.copy).items.push({
        key,
        fingerprint,
        data: encodeHistChunk(samples),
        samples: samples.length,
        ...(s.delta ? { delta: true } : {}),
      });
    }
  }
  const results = await targets.each(async (target) => {
    const { items } = target;
    const out: AppendResult[] = [];
    for (let from = 0; from < items.length; ) {
      let to = from;
      for (let k = 0; to < items.length && (to === from || k + items[to].samples <= HISTOGRAMS_PER_CALL); to++)
        k += items[to].samples;
      const part = items.slice(from, to).map(({ samples: _, ...item }) => item);
      const reply = await metricObject(env, target.name).append({
        histograms: part,
        ...(target.day !== undefined ? { day: target.day } : {}),
      });
      if (reply.error !== undefined) throw new Error(`metric shard ${target.name} refused an append: ${reply.error}`);
      out.push(reply.value);
      for (const c of reply.value.histogramCarry ?? [])
        targets.of(c.fingerprint % n, target.day! + 1, true, true).items.push(c);
      from = to;
    }
    if (target.carry) carryRefused += refused(out);
    return target.copy ? [] : out;
  }, byDay);
  return withCarryRefused(addUp(results, tooOld, route), carryRefused);
}

/** Human-readable reasons for samples storage refused, appended to the validation errors. */
export function storageErrors(t: WriteTotals): string[] {
  const out = [...t.errors];
  if (t.outOfOrder)
    out.push(`${t.outOfOrder} out-of-order samples rejected (older than the newest sample of their series)`);
  if (t.conflicts)
    out.push(`${t.conflicts} samples rejected as duplicates with a different value for the same timestamp`);
  if (t.tooOld)
    out.push(
      `${t.tooOld} samples rejected as out of bounds: older than the ${t.retentionDays}-day retention (their day's generation is dropped)`,
    );
  return out;
}

export function storageRejected(t: WriteTotals): number {
  return t.outOfOrder + t.conflicts + t.seriesLimited + t.tooOld;
}
