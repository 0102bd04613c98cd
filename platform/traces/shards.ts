// Trace shards are addressed by (UTC day of the span's start, hash of trace id) since generations started:
// `traces-<day>-<i>`. Objects of the layout before (`traces-<i>`, every day in one object) stay readable until
// their spans age out. A query reads only the days its window overlaps, under every epoch of the shard map.
import { homesOf, writeEpoch } from "../../core/shard-map/epochs";
import { DAY_MS, dayOfUs, generationDays, generationsFrom, readCounts } from "../../core/shard-map/generations";
import { defaultSpanLimits } from "../../core/otlp/traces/limits";
import { config, type Env } from "../env";
import { epochsOf } from "../shard-map/shard-map";

import type { TraceShardRpc } from "./shard-rpc";

/** The shard's RPC surface with plain types (the generated Rpc stub types recurse too deeply on attribute values). */
export type TraceShardApi = Omit<TraceShardRpc, typeof Rpc.__DURABLE_OBJECT_BRAND>;

/** Old-layout objects may still take writes this long after generations start (a version from before them
 * serving through a gradual deploy, or spans dated up to the ingest's future grace): reads of windows starting
 * before then consult them too. */
export const LEGACY_TAIL_MS = DAY_MS;

/** How many shards spans written at `now` route over: the count of the shard map's epoch active then. */
export async function traceWriteShardCount(env: Env, now = Date.now()): Promise<number> {
  return writeEpoch(await epochsOf(env, "traces"), now).shards;
}

/** Trace ids are random: their low 32 bits spread traces evenly. */
export function traceShardIndex(traceId: string, shards: number): number {
  return Number.parseInt(traceId.slice(-8), 16) % shards;
}

/** An object of the layout before generations. */
export function traceShard(env: Env, index: number): TraceShardApi {
  return traceObject(env, `traces-${index}`);
}

export function traceGenerationName(day: number, index: number): string {
  return `traces-${day}-${index}`;
}

export function traceGeneration(env: Env, day: number, index: number): TraceShardApi {
  return traceObject(env, traceGenerationName(day, index));
}

function traceObject(env: Env, name: string): TraceShardApi {
  return env.TRACE_SHARD.get(env.TRACE_SHARD.idFromName(name)) as unknown as TraceShardApi;
}

/** Where a span written at `now` goes: its day's generation, or an old-layout object before generations start. */
export interface TraceTarget {
  name: string;
  day: number | null;
}

/** Routes spans for writing at `now`: a span of another day than its trace's other spans goes to its own day. */
export async function traceWriteRouter(
  env: Env,
  now = Date.now(),
): Promise<(traceId: string, startUs: number) => TraceTarget> {
  const epoch = writeEpoch(await epochsOf(env, "traces"), now);
  return (traceId, startUs) => {
    const i = traceShardIndex(traceId, epoch.shards);
    if (!epoch.daily) return { name: `traces-${i}`, day: null };
    const day = dayOfUs(startUs);
    return { name: traceGenerationName(day, i), day };
  };
}

export function traceTarget(env: Env, t: TraceTarget): TraceShardApi {
  return traceObject(env, t.name);
}

/** Whether old-layout objects may hold spans starting at or after `startUs`, and are still kept at `now`. */
function legacyInWindow(from: number | null, startUs: number, now: number, retentionDays: number): boolean {
  if (from === null) return true;
  if (now >= from + LEGACY_TAIL_MS + retentionDays * DAY_MS) return false;
  return startUs / 1000 < from + LEGACY_TAIL_MS;
}

/**
 * Every object that may hold spans starting in [startUs, endUs): each live day's generations under the daily
 * epochs, plus the old-layout objects while they may still hold such spans. At most
 * (RETENTION_DAYS + 2) x the largest daily count + the largest old count, whatever the window.
 */
export async function traceShardsFor(
  env: Env,
  startUs: number,
  endUs: number,
  now = Date.now(),
): Promise<TraceShardApi[]> {
  const epochs = await epochsOf(env, "traces");
  const counts = readCounts(epochs);
  const days = config(env).retentionDays;
  const out: TraceShardApi[] = [];
  if (counts.legacy && legacyInWindow(generationsFrom(epochs), startUs, now, days))
    for (let i = 0; i < counts.legacy; i++) out.push(traceShard(env, i));
  for (const d of generationDays(startUs, endUs, now, days, defaultSpanLimits.maxFutureMs))
    for (let i = 0; i < counts.daily; i++) out.push(traceGeneration(env, d, i));
  return out;
}

/**
 * The objects that may hold spans of a trace, in groups to consult newest first: each live day's homes under
 * every daily epoch (from the newest day a write can reach back to the oldest kept), and, while they are kept,
 * the trace's homes in the old layout (`legacy`).
 */
export async function traceHomeGroups(
  env: Env,
  traceId: string,
  now = Date.now(),
): Promise<{ legacy: TraceShardApi[]; days: { day: number; homes: TraceShardApi[] }[] }> {
  const epochs = await epochsOf(env, "traces");
  const retention = config(env).retentionDays;
  const from = generationsFrom(epochs);
  const legacy =
    from === null || legacyInWindow(from, 0, now, retention)
      ? homesOf(
          epochs.filter((e) => !e.daily),
          (n) => traceShardIndex(traceId, n),
        ).map((i) => traceShard(env, i))
      : [];
  const daily = homesOf(
    epochs.filter((e) => e.daily),
    (n) => traceShardIndex(traceId, n),
  );
  const days = daily.length
    ? generationDays(0, (now + defaultSpanLimits.maxFutureMs) * 1000 + 1, now, retention, defaultSpanLimits.maxFutureMs)
    : [];
  return {
    legacy,
    days: days.reverse().map((day) => ({ day, homes: daily.map((i) => traceGeneration(env, day, i)) })),
  };
}
