// The write side: route validated series to their shards by fingerprint (metadata by metric name) under the
// shard map's current epoch, and append in parallel, each shard persisting before it answers.
import type { HistogramSeries, MetricMetadata, SeriesSamples } from "../../core/remote-write/types";
import { encodeHistChunk } from "../../core/tsdb/hist-chunk";
import { seriesIdentity, shardOf } from "../../core/tsdb/labels";
import { type PackInput, packSeries } from "../../core/tsdb/packed";
import type { AppendResult } from "./shard-rpc";
import type { Env } from "../env";
import { shardStub, writeShardCount } from "./shards";

/** Keep each RPC message well under the Workers RPC size limit. */
const SAMPLES_PER_CALL = 50_000;

/** What a write did across its shards: the shards' own append results, summed. */
export type WriteTotals = AppendResult;

export async function writeSeries(env: Env, series: SeriesSamples[], metadata: MetricMetadata[]): Promise<WriteTotals> {
  // The epoch active now decides each series' home; reads look in the homes of every epoch.
  const n = await writeShardCount(env);
  // Shards get the canonical key (and its fingerprint) instead of the label object, and each call's samples
  // packed in typed arrays (core/tsdb/packed.ts): the RPC then clones a few blocks, not an object per series.
  const perShard = Array.from({ length: n }, () => ({ series: [] as PackInput[], metadata: [] as MetricMetadata[] }));
  for (const s of series) {
    const { key, fingerprint } = s.identity ?? seriesIdentity(s.labels);
    perShard[fingerprint % n].series.push({
      key,
      fingerprint,
      timestamps: s.timestamps,
      values: s.values,
      delta: s.delta,
    });
  }
  for (const m of metadata) perShard[shardOf(m.metric, n)].metadata.push(m);
  const results = await Promise.all(
    perShard.map(async (part, i) => {
      const stub = shardStub(env, i);
      const out: AppendResult[] = [];
      let from = 0;
      let samples = 0;
      const flush = async (to: number, md: MetricMetadata[]) => {
        if (to === from && md.length === 0) return;
        const reply = await stub.append({ packed: packSeries(part.series.slice(from, to)), metadata: md });
        if (reply.error !== undefined) throw new Error(`metric shard ${i} refused an append: ${reply.error}`);
        out.push(reply.value);
        from = to;
        samples = 0;
      };
      for (let j = 0; j < part.series.length; j++) {
        samples += part.series[j].timestamps.length;
        if (samples >= SAMPLES_PER_CALL) await flush(j + 1, []);
      }
      await flush(part.series.length, part.metadata);
      return out;
    }),
  );
  return addUp(results.flat());
}

/** The shards' replies summed, with the first five distinct errors. */
function addUp(replies: AppendResult[]): WriteTotals {
  const totals: WriteTotals = { accepted: 0, duplicates: 0, outOfOrder: 0, conflicts: 0, seriesLimited: 0, errors: [] };
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

/** Native histogram series to their shards (the epoch active now decides, as for floats), each series' samples
 * encoded as one histogram chunk (core/tsdb/hist-chunk.ts). */
export async function writeHistograms(env: Env, series: HistogramSeries[]): Promise<WriteTotals> {
  if (series.length === 0) return addUp([]);
  const n = await writeShardCount(env);
  type Item = { key: string; fingerprint: number; data: Uint8Array; samples: number; delta?: boolean };
  const perShard = Array.from({ length: n }, () => [] as Item[]);
  for (const s of series) {
    const { key, fingerprint } = s.identity ?? seriesIdentity(s.labels);
    perShard[fingerprint % n].push({
      key,
      fingerprint,
      data: encodeHistChunk(s.samples),
      samples: s.samples.length,
      ...(s.delta ? { delta: true } : {}),
    });
  }
  const results = await Promise.all(
    perShard.map(async (items, i) => {
      const out: AppendResult[] = [];
      for (let from = 0; from < items.length; ) {
        let to = from;
        for (let k = 0; to < items.length && (to === from || k + items[to].samples <= HISTOGRAMS_PER_CALL); to++)
          k += items[to].samples;
        const part = items.slice(from, to).map(({ samples: _, ...item }) => item);
        const reply = await shardStub(env, i).append({ histograms: part });
        if (reply.error !== undefined) throw new Error(`metric shard ${i} refused an append: ${reply.error}`);
        out.push(reply.value);
        from = to;
      }
      return out;
    }),
  );
  return addUp(results.flat());
}

/** Human-readable reasons for samples storage refused, appended to the validation errors. */
export function storageErrors(t: WriteTotals): string[] {
  const out = [...t.errors];
  if (t.outOfOrder)
    out.push(`${t.outOfOrder} out-of-order samples rejected (older than the newest sample of their series)`);
  if (t.conflicts)
    out.push(`${t.conflicts} samples rejected as duplicates with a different value for the same timestamp`);
  return out;
}

export function storageRejected(t: WriteTotals): number {
  return t.outOfOrder + t.conflicts + t.seriesLimited;
}
