// A shard's append: float series into their heads (heads.ts) with one WAL row, native histograms straight into
// their chunk rows, metadata; all inside the caller's synchronous transaction, so the output gate holds the reply
// until every accepted sample is durable.
import type { z } from "zod";
import { float64Bits } from "../../core/tsdb/chunk";
import { deltaToCumulative } from "../../core/tsdb/delta";
import type { AppendOutcome } from "../../core/tsdb/head";
import { decodeHistChunk, encodeHistChunk, type HistSample } from "../../core/tsdb/hist-chunk";
import { deltaHistogramsToCumulative } from "../../core/tsdb/hist-delta";
import { appendHistograms } from "../../core/tsdb/hist-head";
import { seriesKey } from "../../core/tsdb/labels";
import { type PackedSeries, packedProblem, packKeyed } from "../../core/tsdb/packed";
import { WalWriter } from "../../core/tsdb/wal";
import { overlapRange } from "../../core/shard-map/day-split";
import { type AppendInput, type AppendResult, appendSchema, parseRpc } from "../../platform/metrics/shard-rpc";
import type { Heads } from "./heads";
import { toBlob } from "./schema";
import type { SeriesIds } from "./series-ids";

export type HistogramItem = { key: string; fingerprint: number; samples: HistSample[]; delta?: boolean };
export type ParsedAppend = z.infer<typeof appendSchema> & { histogramItems: HistogramItem[] };

/** What an append writes to. */
export interface AppendTarget {
  sql: SqlStorage;
  heads: Heads;
  ids: SeriesIds;
  /** The UTC day this generation holds, or null (the layout before generations). */
  day: number | null;
  /** A series now has native histogram rows. */
  markHistogram(id: number): void;
}

/** The router's usual message, packed samples and nothing else, checked by hand (packedProblem checks what the
 * schema's `packed` does): zod's parse of the whole object cost more per append than the check itself. Anything
 * else, or a problem, takes the schema, which reports it. */
function packedOnly(input: unknown): z.infer<typeof appendSchema> | null {
  if (typeof input !== "object" || input === null) return null;
  const { packed, metadata, ...rest } = input as { packed?: unknown; metadata?: unknown };
  for (const _ in rest) return null;
  if (metadata !== undefined && !(Array.isArray(metadata) && metadata.length === 0)) return null;
  if (packed === undefined || packedProblem(packed) !== null) return null;
  return { packed: packed as PackedSeries, series: [], histograms: [], metadata: [] };
}

/** The validated append, its histogram chunks decoded; throws on bad input. */
export function parseAppend(input: AppendInput): ParsedAppend {
  const parsed = packedOnly(input) ?? parseRpc(appendSchema, input, "append input");
  return { ...parsed, histogramItems: parsed.histograms.map((h) => ({ ...h, samples: decodeHistChunk(h.data) })) };
}

export function emptyResult(): AppendResult {
  return { accepted: 0, duplicates: 0, outOfOrder: 0, conflicts: 0, seriesLimited: 0, errors: [] };
}

function count(res: AppendResult, out: Omit<AppendOutcome, "head" | "sealed">): void {
  res.accepted += out.accepted;
  res.duplicates += out.duplicates;
  res.outOfOrder += out.outOfOrder;
  res.conflicts += out.conflicts;
}

/** Everything of one append (inside the caller's transaction). */
export function appendAll(t: AppendTarget, a: ParsedAppend, now: number, limit: number): AppendResult {
  const res = emptyResult();
  const wal = new WalWriter();
  if (a.packed) appendPacked(t, a.packed, now, limit, wal, res);
  if (a.series.length > 0) {
    const keyed = a.series.map((s) => ({ ...s, key: s.key ?? seriesKey(s.labels!) }));
    appendPacked(t, packKeyed(keyed), now, limit, wal, res);
  }
  if (a.histogramItems.length > 0) appendHistogramSeries(t, a.histogramItems, now, limit, res);
  for (const m of a.metadata)
    t.sql.exec(
      "INSERT OR REPLACE INTO metadata (metric, type, help, unit) VALUES (?, ?, ?, ?)",
      m.metric,
      m.type,
      m.help,
      m.unit,
    );
  t.heads.commit(wal);
  return res;
}

/** Append every series of `p`, adding accepted samples to `wal`. */
function appendPacked(
  t: AppendTarget,
  p: PackedSeries,
  now: number,
  limit: number,
  wal: WalWriter,
  res: AppendResult,
): void {
  const bits = float64Bits(p.values);
  let to = 0;
  for (let i = 0; i < p.keys.length; i++) {
    const from = to;
    to += p.counts[i];
    const id = t.ids.id(p.keys[i], p.fingerprints[i], now, limit);
    if (id === null) {
      res.seriesLimited += to - from;
      continue;
    }
    if (p.delta?.[i]) {
      // OTLP delta points: the running total is this series' own last stored value (core/tsdb/delta.ts).
      const h = t.heads.get(id);
      const last = h && h.app.count > 0 ? { t: h.app.lastT, hi: h.app.hi, lo: h.app.lo } : null;
      const c = deltaToCumulative(last, p.timestamps.subarray(from, to), p.values.subarray(from, to));
      res.outOfOrder += c.outOfOrder;
      count(res, t.heads.apply(id, c.timestamps, float64Bits(c.values), 0, c.timestamps.length, wal));
      const r = overlapRange(t.day, c.timestamps);
      if (r)
        (res.carry ??= []).push({
          key: p.keys[i],
          fingerprint: p.fingerprints[i],
          timestamps: c.timestamps.slice(r[0], r[1]),
          values: c.values.slice(r[0], r[1]),
        });
    } else count(res, t.heads.apply(id, p.timestamps, bits, from, to, wal));
  }
}

/** Append native histogram samples: each series' newest histogram chunk row is read, extended and written back
 * in the append's transaction (durable with it, so histograms need no WAL); full chunks are sealed as rows. */
function appendHistogramSeries(
  t: AppendTarget,
  items: HistogramItem[],
  now: number,
  limit: number,
  res: AppendResult,
): void {
  for (const it of items) {
    const id = t.ids.id(it.key, it.fingerprint, now, limit);
    if (id === null) {
      res.seriesLimited += it.samples.length;
      continue;
    }
    const row = t.sql
      .exec<{ data: ArrayBuffer }>("SELECT data FROM hist_chunks WHERE series_id = ? ORDER BY min_t DESC LIMIT 1", id)
      .toArray()[0];
    const open = row ? decodeHistChunk(new Uint8Array(row.data)) : [];
    let samples = it.samples;
    if (it.delta) {
      // OTLP delta points: the running total is this series' own last stored histogram (core/tsdb/hist-delta.ts).
      const c = deltaHistogramsToCumulative(open[open.length - 1] ?? null, samples);
      res.outOfOrder += c.outOfOrder;
      samples = c.samples;
      const r = overlapRange(
        t.day,
        samples.map((x) => x.t),
      );
      if (r)
        (res.histogramCarry ??= []).push({
          key: it.key,
          fingerprint: it.fingerprint,
          data: encodeHistChunk(samples.slice(r[0], r[1])),
          samples: r[1] - r[0],
        });
    }
    const out = appendHistograms(open, samples);
    for (const r of out.open ? [...out.sealed, out.open] : out.sealed)
      t.sql.exec(
        "INSERT OR REPLACE INTO hist_chunks (series_id, min_t, max_t, count, data) VALUES (?, ?, ?, ?, ?)",
        id,
        r.minT,
        r.maxT,
        r.count,
        toBlob(r.data),
      );
    if (out.accepted > 0) t.markHistogram(id);
    count(res, out);
  }
}
