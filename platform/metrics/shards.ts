// Metric shards are addressed by (UTC day of the sample, fingerprint) since generations started:
// `metrics-<day>-<i>`, each day's generation also holding the previous day's last GENERATION_OVERLAP_MS.
// Objects of the layout before (`shard-<i>`, every day in one object) stay readable until their samples age out.
import { type EpochList, readShardCount, writeEpoch } from "../../core/shard-map/epochs";
import {
  DAY_MS,
  generationDays,
  generationsFrom,
  legacyMayHold,
  oldestLiveDay,
  readCounts,
} from "../../core/shard-map/generations";
import { LIMITS } from "../../core/tsdb/limits";
import { shardName } from "../../core/tsdb/labels";
import { config, type Env } from "../env";
import { epochsOf } from "../shard-map/shard-map";

type MetricStub = ReturnType<Env["METRIC_SHARD"]["get"]>;

/** Where writes at `now` go: `shards` objects per day from `daily` on, else the old layout; samples of days
 * before `oldestDay` are refused (retention has dropped, or is about to drop, their generation). */
export interface WriteRoute {
  shards: number;
  daily: boolean;
  oldestDay: number;
  retentionDays: number;
}

export async function metricWriteRoute(env: Env, now = Date.now()): Promise<WriteRoute> {
  const epoch = writeEpoch(await epochsOf(env, "metrics"), now);
  const retentionDays = config(env).retentionDays;
  return {
    shards: epoch.shards,
    daily: epoch.daily === true,
    oldestDay: oldestLiveDay(retentionDays, now),
    retentionDays,
  };
}

/** How many shards a write at `now` routes over: the count of the epoch active then. */
export async function writeShardCount(env: Env, now = Date.now()): Promise<number> {
  return writeEpoch(await epochsOf(env, "metrics"), now).shards;
}

/** The largest count of any epoch: a series may have a home under each epoch. */
export async function readShardCountOf(env: Env): Promise<number> {
  return readShardCount(await epochsOf(env, "metrics"));
}

/** Metric shard `i` of the layout before generations (named `shard-<i>`). */
export function shardStub(env: Env, i: number) {
  return metricObject(env, shardName(i));
}

export function metricGenerationName(day: number, index: number): string {
  return `metrics-${day}-${index}`;
}

export function metricGeneration(env: Env, day: number, index: number) {
  return metricObject(env, metricGenerationName(day, index));
}

export function metricObject(env: Env, name: string): MetricStub {
  return env.METRIC_SHARD.get(env.METRIC_SHARD.idFromName(name));
}

/** An object a read consults and the part of the read's window [start, end] (ms, inclusive) it answers: a
 * generation answers only its own day, so the next day's overlap copy is never read twice. */
export interface ReadPart {
  name: string;
  stub: MetricStub;
  start: number;
  end: number;
}

/**
 * Every object that may hold samples in [start, end] (ms, inclusive): each live day's generations the window
 * overlaps (up to the newest day a write can reach), each clipped to its day, plus the old-layout objects while
 * they may hold the window. At most (RETENTION_DAYS + 2) x the largest daily count + the largest old count.
 */
export async function metricReadParts(env: Env, start: number, end: number, now = Date.now()): Promise<ReadPart[]> {
  return readPartsOf(env, await epochsOf(env, "metrics"), start, end, now);
}

export function readPartsOf(env: Env, epochs: EpochList, start: number, end: number, now: number): ReadPart[] {
  const counts = readCounts(epochs);
  const retention = config(env).retentionDays;
  const out: ReadPart[] = [];
  if (counts.legacy && legacyMayHold(generationsFrom(epochs), start, now, retention))
    for (let i = 0; i < counts.legacy; i++) out.push({ name: shardName(i), stub: shardStub(env, i), start, end });
  if (!counts.daily || end < start) return out;
  const days = generationDays(
    Math.floor(start) * 1000,
    (Math.floor(end) + 1) * 1000,
    now,
    retention,
    LIMITS.creationGracePeriodMs,
  );
  for (const d of days) {
    const part = { start: Math.max(start, d * DAY_MS), end: Math.min(end, (d + 1) * DAY_MS - 1) };
    for (let i = 0; i < counts.daily; i++)
      out.push({ name: metricGenerationName(d, i), stub: metricGeneration(env, d, i), ...part });
  }
  return out;
}

/** Objects for questions without a time (metadata): the old layout while kept, today's and yesterday's
 * generations (writers send a metric's metadata to the generation of the day they write it). */
export async function metadataObjects(env: Env, now = Date.now()): Promise<MetricStub[]> {
  const yesterday = Math.floor(now / DAY_MS) - 1;
  return (await metricReadParts(env, Math.max(0, yesterday * DAY_MS), now)).map((p) => p.stub);
}

/** Every object that may hold anything now (storage figures): the whole kept window, by name. */
export async function liveMetricObjects(env: Env, now = Date.now()): Promise<{ name: string; stub: MetricStub }[]> {
  return (await metricReadParts(env, 0, now + LIMITS.creationGracePeriodMs, now)).map(({ name, stub }) => ({
    name,
    stub,
  }));
}
