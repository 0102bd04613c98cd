// Generations: objects partitioned in time, one per UTC day, so no object grows without bound and retention drops
// whole objects. Log shards (`logs-<day>-<n>`), trace shards (`traces-<day>-<n>`) and metric shards
// (`metrics-<day>-<n>`) share these decisions.

import { type Epoch, type EpochList, nextEpoch } from "./epochs";

export const DAY_MS = 86_400_000;

export function dayOfUs(timeUs: number): number {
  return Math.floor(timeUs / 1000 / DAY_MS);
}

/** When a day's generation is wholly older than `retentionDays`: its object is dropped then, and read no more. */
export function generationDropAt(day: number, retentionDays: number): number {
  return (day + 1 + retentionDays) * DAY_MS;
}

export function generationExpired(day: number, retentionDays: number, nowMs: number): boolean {
  return generationDropAt(day, retentionDays) <= nowMs;
}

/** The oldest day whose generation is still kept at `nowMs`. */
export function oldestLiveDay(retentionDays: number, nowMs: number): number {
  return Math.floor(nowMs / DAY_MS) - retentionDays;
}

/**
 * The days a query over [startUs, endUs) reads: those it overlaps, but none already dropped by retention and none
 * past the newest a write can reach (`futureMs` ahead of now). At most retentionDays + 2 whatever the window.
 */
export function generationDays(
  startUs: number,
  endUs: number,
  nowMs: number,
  retentionDays: number,
  futureMs: number,
): number[] {
  const first = Math.max(dayOfUs(startUs), oldestLiveDay(retentionDays, nowMs));
  const last = Math.min(dayOfUs(Math.max(startUs, endUs - 1)), Math.floor((nowMs + futureMs) / DAY_MS));
  const out: number[] = [];
  for (let d = first; d <= last; d++) out.push(d);
  return out;
}

/** When a signal's writes started going to generations: the first daily epoch's activation, or null before it. */
export function generationsFrom(epochs: EpochList): number | null {
  return epochs.find((e) => e.daily)?.activeFrom ?? null;
}

/** The epoch that turns generations on when the newest epoch is not daily yet: same count, active after the lead
 * time like any new epoch, so every isolate's cached map knows it before a write goes to a generation. */
export function activateGenerations(epochs: EpochList, now: number): Epoch | null {
  const newest = epochs[epochs.length - 1];
  if (newest.daily) return null;
  return { ...nextEpoch(epochs, newest.shards, newest.envShards, newest.source, now), daily: true };
}

/** The objects reads consult in each layout: every index below the largest count of its epochs (0: none). */
export function readCounts(epochs: EpochList): { legacy: number; daily: number } {
  let legacy = 0;
  let daily = 0;
  for (const e of epochs) {
    if (e.daily) daily = Math.max(daily, e.shards);
    else legacy = Math.max(legacy, e.shards);
  }
  return { legacy, daily };
}

/** Metric generations also take the samples of the previous day's last GENERATION_OVERLAP_MS, so a window of at
 * most that length before a day's end, reaching into the next day, is whole in the next day's generation:
 * pushdown can evaluate it there. Reads of raw samples clip each generation to its own day. */
export const GENERATION_OVERLAP_MS = 2 * 3_600_000;

export function dayOfMs(timeMs: number): number {
  return Math.floor(timeMs / DAY_MS);
}

/** Whether a sample at `timeMs` also goes to the next day's generation (it is in its day's last overlap). */
export function inNextOverlap(timeMs: number): boolean {
  return timeMs >= (dayOfMs(timeMs) + 1) * DAY_MS - GENERATION_OVERLAP_MS;
}

/** The day whose metric generation holds every sample of [startMs, endMs], or null when none does (the window
 * starts before that day's overlap). */
export function generationHolding(startMs: number, endMs: number): number | null {
  const day = dayOfMs(endMs);
  return startMs >= day * DAY_MS - GENERATION_OVERLAP_MS ? day : null;
}

/** Day starts in (startMs, endMs]: where a range query reads another metric generation. */
export function dayStartsIn(startMs: number, endMs: number): number[] {
  const out: number[] = [];
  for (let d = dayOfMs(startMs) + 1; d * DAY_MS <= endMs; d++) out.push(d * DAY_MS);
  return out;
}

/** Old-layout objects may still take writes this long after generations start (a version from before them
 * serving through a gradual deploy, or samples dated up to ingest's future grace). */
export const LEGACY_TAIL_MS = DAY_MS;

/** Whether old-layout objects may hold data at or after `startMs` and are still kept at `nowMs`
 * (`from`: generationsFrom, null when they never started). */
export function legacyMayHold(from: number | null, startMs: number, nowMs: number, retentionDays: number): boolean {
  if (from === null) return true;
  if (nowMs >= from + LEGACY_TAIL_MS + retentionDays * DAY_MS) return false;
  return startMs < from + LEGACY_TAIL_MS;
}
