// One metrics shard: series, postings and Gorilla chunks in the Durable Object's SQLite. An append writes its
// accepted samples as one write-ahead-log row (plus any new series and sealed chunks) in one synchronous
// transaction before the RPC returns, and the output gate holds the reply until that is durable: nothing
// acknowledged is lost on eviction. Open head chunks live in memory and are written back at checkpoints
// (WAL size, alarm, stats, retention), then the WAL is cleared; a restarted object replays the WAL first.
// Sealed chunks past COLD_AFTER_HOURS move to blocks in R2 (cold.ts); reads merge both transparently.
import { DurableObject } from "cloudflare:workers";
import type { LabelMatcher, Labels } from "../../core/promql/types";
import { BITS_HI, BITS_LO, float64Bits } from "../../core/tsdb/chunk";
import { deltaToCumulative } from "../../core/tsdb/delta";
import { type AppendOutcome, type Head, appendToHead, headFromRow, headRow } from "../../core/tsdb/head";
import { type PackedSeries, packedProblem, packKeyed } from "../../core/tsdb/packed";
import { decodeHistChunk, encodeHistChunk, type HistSample } from "../../core/tsdb/hist-chunk";
import { appendHistograms } from "../../core/tsdb/hist-head";
import { deltaHistogramsToCumulative } from "../../core/tsdb/hist-delta";
import { histogramSeriesIds, holdsHistograms } from "./hist-read";
import { checkpointDue, WalWriter, walSamples } from "../../core/tsdb/wal";
import { labelsFromKey, seriesKey, sortedPairs } from "../../core/tsdb/labels";
import { config, type Env } from "../../platform/env";
import { generationDropAt, generationExpired } from "../../core/shard-map/generations";
import { overlapRange } from "../../core/shard-map/day-split";
import { DEFAULT_MAX_SELECT_SERIES, IndexReader, type Metadata } from "./index-reader";
import {
  type AppendInput,
  type AppendResult,
  type MetricShardRpc,
  LIMIT_ERROR_PREFIX,
  type SelectedSeries,
  type ShardReply,
  parseRpc,
  type ShardStats,
  appendSchema,
  matcherSchema,
  rangeSchema,
  selectLimitsSchema,
} from "../../platform/metrics/shard-rpc";
import { createSchema, toBlob } from "./schema";
import type { Partial } from "../../core/promql/pushdown/partial";
import { runFragments } from "./fragments";
import { type Page, type PageOptions, pageOptionsSchema, selectPage } from "./raw-select";
import type { HeadView } from "./reader";
import { ColdTier, type CompactResult } from "./cold";
import { z } from "zod";

const DEFAULT_MAX_SELECT_SAMPLES = 5_000_000;
/** A whole-selection select answers at most this much (one RPC value; pages go further). */
const SINGLE_SELECT_BYTES = 24 * 1024 * 1024;
/** Cached matcher answers per shard (each at most DEFAULT_MAX_SELECT_SERIES series). */
const HEAD_CACHE = 50_000;
const RETENTION_SWEEP_MS = 60 * 60 * 1000;
/** With appends pausing this long, the alarm checkpoints (an idle shard leaves no WAL behind); while they go
 * on, the WAL's size decides (checkpointDue in core/tsdb/wal.ts), so a busy shard is not interrupted every
 * 10 s to rewrite all its heads. */
const CHECKPOINT_DELAY_MS = 10_000;
const DAY_MS = 86_400_000;
const timeSchema = z.number().int().nonnegative();
/** Postings rows per INSERT: three bound parameters each, under the platform's 100 per statement. */
const POSTINGS_PER_INSERT = 32;

/** Run a read and turn its failure (bad input, invalid regex, a limit) into an error value. */
function reply<T>(fn: () => T): ShardReply<T> {
  try {
    return { value: fn() };
  } catch (e) {
    return failed(e);
  }
}

async function replyAsync<T>(fn: () => Promise<T>): Promise<ShardReply<T>> {
  try {
    return { value: await fn() };
  } catch (e) {
    return failed(e);
  }
}

interface IdEntry {
  key: string;
  id: number;
  next?: IdEntry;
}

function failed(e: unknown): { error: string; limit: boolean } {
  const error = e instanceof Error ? e.message : String(e);
  return { error, limit: error.startsWith(LIMIT_ERROR_PREFIX) };
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

export class MetricShard extends DurableObject<Env> implements MetricShardRpc {
  private readonly sql: SqlStorage;
  /** Series ids by the low 30 bits of their fingerprint (see seriesId); colliding series chain on `next`. */
  private readonly ids = new Map<number, IdEntry>();
  private readonly heads = new Map<number, Head>();
  /** Series whose in-memory head is newer than its chunk row. */
  private readonly dirty = new Set<number>();
  /** Ids of the series with native histogram rows, read on first use (histogramSeries) and kept up by appends. */
  private histIds: Set<number> | undefined;
  private readonly index: IndexReader;
  private readonly cold: ColdTier;
  private seriesCount = 0;
  private walBytes = 0;
  private lastAppendAt = 0;
  private alarmAt: number | null = null;
  private lastRetention = 0;
  /** The UTC day this generation holds (shard_meta), or null for an object of the layout before generations. */
  private day: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.index = new IndexReader(this.sql, this.headView);
    this.cold = new ColdTier(this.sql, ctx.storage, env.BLOCKS, `metrics/${ctx.id.toString()}/`);
    ctx.blockConcurrencyWhile(async () => {
      createSchema(this.sql);
      this.seriesCount = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM series").one().n;
      this.alarmAt = await ctx.storage.getAlarm();
      this.day =
        this.sql.exec<{ value: number }>("SELECT value FROM shard_meta WHERE key = 'day'").toArray()[0]?.value ?? null;
      this.replayWal();
    });
  }

  /** Re-apply samples acknowledged since the last checkpoint (already-persisted ones drop out as duplicates). */
  private replayWal(): void {
    const rows = this.sql.exec<{ data: ArrayBuffer }>("SELECT data FROM wal ORDER BY seq").toArray();
    if (rows.length === 0) return;
    const bits = new Uint32Array(2);
    this.ctx.storage.transactionSync(() => {
      for (const row of rows) {
        for (const s of walSamples(new Uint8Array(row.data))) {
          bits[BITS_HI] = s.hi;
          bits[BITS_LO] = s.lo;
          this.applyToHead(s.id, [s.t], bits, 0, 1);
        }
      }
      this.checkpoint();
    });
  }

  /** Append to a series' head; sealed chunks are written at once, the head is marked dirty. */
  private applyToHead(
    id: number,
    timestamps: ArrayLike<number>,
    bits: Uint32Array,
    from: number,
    to: number,
    wal?: WalWriter,
  ) {
    const out = appendToHead(this.head(id), timestamps, bits, BITS_HI, BITS_LO, from, to, wal, id);
    for (const r of out.sealed) this.writeChunk(id, r.minT, r.maxT, r.count, r.data);
    if (out.head) {
      if (!this.heads.has(id) && this.heads.size >= HEAD_CACHE) this.evictOneHead();
      this.heads.set(id, out.head);
      if (out.accepted) this.dirty.add(id);
    }
    return out;
  }

  private writeChunk(id: number, minT: number, maxT: number, count: number, data: Uint8Array): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO chunks (series_id, min_t, max_t, count, data) VALUES (?, ?, ?, ?, ?)",
      id,
      minT,
      maxT,
      count,
      toBlob(data),
    );
  }

  private evictOneHead(): void {
    const id = this.heads.keys().next().value as number;
    const h = this.heads.get(id)!;
    if (this.dirty.has(id)) {
      const r = headRow(h);
      this.writeChunk(id, r.minT, r.maxT, r.count, r.data);
      this.dirty.delete(id);
    }
    this.heads.delete(id);
  }

  /** Write every dirty head back to its chunk row and clear the WAL (call inside a transaction). */
  private checkpoint(): void {
    for (const id of this.dirty) {
      const h = this.heads.get(id);
      if (!h) continue;
      const r = headRow(h);
      this.writeChunk(id, r.minT, r.maxT, r.count, r.data);
    }
    this.dirty.clear();
    this.sql.exec("DELETE FROM wal");
    this.walBytes = 0;
  }

  private async ensureAlarm(at: number): Promise<void> {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  private maxSeriesPerShard(): number {
    const { metricShards, maxSeriesPerTenant } = config(this.env);
    return Math.ceil(maxSeriesPerTenant / metricShards);
  }

  /** The id of a series, created (with its postings) if new; null past the series limit. Cached by the
   * fingerprint the router sent: a number key spares hashing the long key string on every append, and the
   * key comparison keeps a colliding (or wrong) fingerprint from ever yielding another series' id. */
  private seriesId(key: string, fp: number, now: number, limit: number): number | null {
    // A 30-bit key is a small integer to V8; a 53-bit one a heap number the Map boxes and hashes per lookup.
    const slot = fp & 0x3fffffff;
    const first = this.ids.get(slot);
    for (let e = first; e !== undefined; e = e.next) if (e.key === key) return e.id;
    const id = this.seriesCount < limit ? this.createSeries(key, now) : this.existingSeries(key);
    if (id === null) return null;
    if (this.ids.size >= HEAD_CACHE) {
      this.ids.clear();
      this.ids.set(slot, { key, id });
    } else this.ids.set(slot, { key, id, next: first });
    return id;
  }

  private existingSeries(key: string): number | null {
    return this.sql.exec<{ id: number }>("SELECT id FROM series WHERE key = ?", key).toArray()[0]?.id ?? null;
  }

  /** The id of a series, inserted with its postings unless it exists: a new series costs two statements (the
   * series row, then all its postings in one multi-row insert) rather than one per label, and a known one the
   * insert that does nothing plus its lookup. */
  private createSeries(key: string, now: number): number {
    const row = this.sql
      .exec<{ id: number }>(
        "INSERT INTO series (key, created_ms) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING id",
        key,
        now,
      )
      .toArray()[0];
    if (!row) return this.existingSeries(key)!;
    const pairs = sortedPairs(labelsFromKey(key));
    for (let i = 0; i < pairs.length; i += POSTINGS_PER_INSERT) {
      const part = pairs.slice(i, i + POSTINGS_PER_INSERT);
      const args: (string | number)[] = [];
      for (const [n, v] of part) args.push(n, v, row.id);
      this.sql.exec(
        `INSERT OR IGNORE INTO postings (name, value, series_id) VALUES ${part.map(() => "(?, ?, ?)").join(", ")}`,
        ...args,
      );
    }
    this.seriesCount++;
    this.index.forget();
    return row.id;
  }

  private head(id: number): Head | null {
    const cached = this.heads.get(id);
    if (cached) return cached;
    const row = this.sql
      .exec<{ min_t: number; data: ArrayBuffer }>(
        "SELECT min_t, data FROM chunks WHERE series_id = ? ORDER BY min_t DESC LIMIT 1",
        id,
      )
      .toArray()[0];
    return row ? headFromRow(new Uint8Array(row.data), row.min_t) : null;
  }

  /** Append every series of `p` (inside the caller's transaction), adding accepted samples to `wal`. */
  private appendPacked(p: PackedSeries, now: number, limit: number, wal: WalWriter, res: AppendResult): void {
    const bits = float64Bits(p.values);
    let to = 0;
    for (let i = 0; i < p.keys.length; i++) {
      const from = to;
      to += p.counts[i];
      const id = this.seriesId(p.keys[i], p.fingerprints[i], now, limit);
      if (id === null) {
        res.seriesLimited += to - from;
        continue;
      }
      let out: AppendOutcome;
      if (p.delta?.[i]) {
        // OTLP delta points: the running total is this series' own last stored value (core/tsdb/delta.ts).
        const h = this.head(id);
        const last = h && h.app.count > 0 ? { t: h.app.lastT, hi: h.app.hi, lo: h.app.lo } : null;
        const c = deltaToCumulative(last, p.timestamps.subarray(from, to), p.values.subarray(from, to));
        res.outOfOrder += c.outOfOrder;
        out = this.applyToHead(id, c.timestamps, float64Bits(c.values), 0, c.timestamps.length, wal);
        const r = overlapRange(this.day, c.timestamps);
        if (r)
          (res.carry ??= []).push({
            key: p.keys[i],
            fingerprint: p.fingerprints[i],
            timestamps: c.timestamps.slice(r[0], r[1]),
            values: c.values.slice(r[0], r[1]),
          });
      } else out = this.applyToHead(id, p.timestamps, bits, from, to, wal);
      res.accepted += out.accepted;
      res.duplicates += out.duplicates;
      res.outOfOrder += out.outOfOrder;
      res.conflicts += out.conflicts;
    }
  }

  private histogramSeries(): Set<number> {
    this.histIds ??= histogramSeriesIds(this.sql);
    return this.histIds;
  }

  /** Append native histogram samples: each series' newest histogram chunk row is read, extended and written back
   * in the append's transaction (durable with it, so histograms need no WAL); full chunks are sealed as rows. */
  private appendHistogramSeries(
    items: { key: string; fingerprint: number; samples: HistSample[]; delta?: boolean }[],
    now: number,
    limit: number,
    res: AppendResult,
  ): void {
    for (const it of items) {
      const id = this.seriesId(it.key, it.fingerprint, now, limit);
      if (id === null) {
        res.seriesLimited += it.samples.length;
        continue;
      }
      const row = this.sql
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
          this.day,
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
        this.sql.exec(
          "INSERT OR REPLACE INTO hist_chunks (series_id, min_t, max_t, count, data) VALUES (?, ?, ?, ?, ?)",
          id,
          r.minT,
          r.maxT,
          r.count,
          toBlob(r.data),
        );
      if (out.accepted > 0) this.histogramSeries().add(id);
      res.accepted += out.accepted;
      res.duplicates += out.duplicates;
      res.outOfOrder += out.outOfOrder;
      res.conflicts += out.conflicts;
    }
  }

  async append(input: AppendInput): Promise<ShardReply<AppendResult>> {
    let parsed: z.infer<typeof appendSchema>;
    let histograms: { key: string; fingerprint: number; samples: HistSample[]; delta?: boolean }[];
    try {
      parsed = packedOnly(input) ?? parseRpc(appendSchema, input, "append input");
      histograms = parsed.histograms.map((h) => ({ ...h, samples: decodeHistChunk(h.data) }));
    } catch (e) {
      return { error: (e as Error).message, limit: false };
    }
    const { packed, series, metadata, maxSeries, day } = parsed;
    const limit = maxSeries ?? this.maxSeriesPerShard();
    const now = Date.now();
    const res: AppendResult = { accepted: 0, duplicates: 0, outOfOrder: 0, conflicts: 0, seriesLimited: 0, errors: [] };
    const wal = new WalWriter();
    this.ctx.storage.transactionSync(() => {
      if (day !== undefined && this.day === null) {
        this.sql.exec("INSERT OR IGNORE INTO shard_meta (key, value) VALUES ('day', ?)", day);
        this.day = day;
      }
      if (packed) this.appendPacked(packed, now, limit, wal, res);
      if (series.length > 0) {
        const keyed = series.map((s) => ({ ...s, key: s.key ?? seriesKey(s.labels!) }));
        this.appendPacked(packKeyed(keyed), now, limit, wal, res);
      }
      if (histograms.length > 0) this.appendHistogramSeries(histograms, now, limit, res);
      for (const m of metadata) {
        this.sql.exec(
          "INSERT OR REPLACE INTO metadata (metric, type, help, unit) VALUES (?, ?, ?, ?)",
          m.metric,
          m.type,
          m.help,
          m.unit,
        );
      }
      if (wal.count) {
        const bytes = wal.bytes();
        this.sql.exec("INSERT INTO wal (data) VALUES (?)", toBlob(bytes));
        this.walBytes += bytes.length;
        if (checkpointDue(this.walBytes, this.dirty.size)) this.checkpoint();
      }
    });
    if (res.seriesLimited)
      res.errors.push(
        `per-tenant series limit reached (${limit} series in this shard): ${res.seriesLimited} samples of new series rejected`,
      );
    this.lastAppendAt = now;
    await this.ensureAlarm(this.nextSweep(now + (this.walBytes > 0 ? CHECKPOINT_DELAY_MS : RETENTION_SWEEP_MS)));
    return { value: res };
  }

  async select(
    matchers: LabelMatcher[],
    start: number,
    end: number,
    limits?: { maxSeries?: number; maxSamples?: number },
  ): Promise<ShardReply<SelectedSeries[]>> {
    return replyAsync(() => this.selectNow(matchers, start, end, limits));
  }

  private async selectNow(
    matchers: LabelMatcher[],
    start: number,
    end: number,
    limits?: { maxSeries?: number; maxSamples?: number },
  ): Promise<SelectedSeries[]> {
    const ms = parseRpc(z.array(matcherSchema), matchers, "matchers");
    parseRpc(rangeSchema, { start, end }, "time range");
    const lim = parseRpc(selectLimitsSchema, limits, "limits");
    const matched = this.index.matched(ms, lim.maxSeries ?? DEFAULT_MAX_SELECT_SERIES);
    const page = await selectPage(
      this.sql,
      matched,
      start,
      end,
      { maxBytes: SINGLE_SELECT_BYTES, maxSamples: lim.maxSamples ?? DEFAULT_MAX_SELECT_SAMPLES },
      this.headView,
      this.cold.source(start, end),
      this.cold.histSource(start, end),
    );
    if (page.next !== null)
      throw new Error(
        `${LIMIT_ERROR_PREFIX} the selection holds more than ${SINGLE_SELECT_BYTES} bytes in one shard; narrow the selector or the time range`,
      );
    return page.series;
  }

  /** Raw samples in bounded pages (series-id order); `opts.after` resumes after a page's `next`. */
  async selectPage(matchers: LabelMatcher[], start: number, end: number, opts: PageOptions): Promise<ShardReply<Page>> {
    return replyAsync(async () => {
      const ms = parseRpc(z.array(matcherSchema), matchers, "matchers");
      parseRpc(rangeSchema, { start, end }, "time range");
      const o = parseRpc(pageOptionsSchema, opts, "page options");
      const matched = this.index.matched(ms, DEFAULT_MAX_SELECT_SERIES);
      const cold = [this.cold.source(start, end), this.cold.histSource(start, end)] as const;
      return selectPage(this.sql, matched, start, end, o, this.headView, ...cold);
    });
  }

  /** A query's fragments over this shard's series: partial results only (core/promql/pushdown). */
  async evaluate(fragments: unknown, limits: unknown): Promise<ShardReply<Partial[]>> {
    return replyAsync(() =>
      runFragments(
        {
          sql: this.sql,
          holdsHistograms: (ids, start, end) => holdsHistograms(this.sql, this.histogramSeries(), ids, start, end),
          matched: (m, max) => this.index.matched(m, max),
          headOf: (id) => this.headView(id),
          cold: (start, end) => this.cold.source(start, end),
        },
        fragments,
        limits,
      ),
    );
  }

  private readonly headView = (id: number): HeadView | undefined => {
    const h = this.dirty.has(id) ? this.heads.get(id) : undefined;
    return h && { minT: h.minT, lastT: h.app.lastT, bytes: () => h.app.bytes() };
  };

  async series(
    matcherSets: LabelMatcher[][],
    start: number,
    end: number,
    limits?: { maxBytes?: number },
  ): Promise<ShardReply<Labels[]>> {
    return reply(() => this.index.series(matcherSets, start, end, limits));
  }

  async labelNames(matcherSets: LabelMatcher[][], start: number, end: number): Promise<ShardReply<string[]>> {
    return reply(() => this.index.labelNames(matcherSets, start, end));
  }

  async labelValues(
    name: string,
    matcherSets: LabelMatcher[][],
    start: number,
    end: number,
    limits?: { maxBytes?: number },
  ): Promise<ShardReply<string[]>> {
    return reply(() => this.index.labelValues(name, matcherSets, start, end, limits));
  }

  async metadata(metric?: string, limit?: number): Promise<ShardReply<Metadata[]>> {
    return reply(() => this.index.metadata(metric, limit));
  }

  async stats(): Promise<ShardStats> {
    this.ctx.storage.transactionSync(() => this.checkpoint());
    const c = this.sql
      .exec<{ chunks: number; samples: number | null; bytes: number | null }>(
        // Float and native histogram rows alike: both are this shard's hot chunks.
        `SELECT COUNT(*) AS chunks, SUM(count) AS samples, SUM(length(data)) AS bytes FROM
         (SELECT count, data FROM chunks UNION ALL SELECT count, data FROM hist_chunks)`,
      )
      .one();
    const b = this.cold.totals();
    return {
      series: this.seriesCount,
      chunks: c.chunks,
      samples: c.samples ?? 0,
      chunkBytes: c.bytes ?? 0,
      blocks: b.blocks,
      blockBytes: b.bytes,
      dbBytes: this.sql.databaseSize,
    };
  }

  async holdsSeries(): Promise<boolean> {
    return this.seriesCount > 0;
  }

  /** `at`, or the instant a generation is due to be dropped when that comes first. */
  private nextSweep(at: number): number {
    const day = this.day;
    return day === null ? at : Math.min(at, generationDropAt(day, config(this.env).retentionDays));
  }

  /** A generation wholly older than RETENTION_DAYS goes as a whole: its R2 blocks, then all its storage. Reads
   * stopped consulting it at that instant (core/shard-map/generations.ts generationDays). */
  private async dropGeneration(): Promise<void> {
    await this.cold.dropAll();
    await this.ctx.storage.deleteAll();
    this.heads.clear();
    this.dirty.clear();
    this.ids.clear();
    this.histIds = undefined;
    this.seriesCount = 0;
    this.walBytes = 0;
    this.alarmAt = null;
    this.day = null;
    this.index.forget();
    createSchema(this.sql);
  }

  /** Checkpoint the WAL; hourly, compaction of old sealed chunks into R2 blocks (cold.ts) and retention; a
   * generation past retention is dropped whole. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    this.alarmAt = null;
    const day = this.day;
    if (day !== null && generationExpired(day, config(this.env).retentionDays, now)) return this.dropGeneration();
    // Still busy: the WAL's size decides (see WAL_BYTES_PER_DIRTY_HEAD); look again once appends pause.
    const busy = this.walBytes > 0 && now - this.lastAppendAt < CHECKPOINT_DELAY_MS;
    if (!busy) this.ctx.storage.transactionSync(() => this.checkpoint());
    if (now - this.lastRetention >= RETENTION_SWEEP_MS) {
      this.lastRetention = now;
      try {
        await this.compactCold(now);
      } catch (e) {
        // The rows stay where they are and the next sweep retries: R2 being down must not stop retention.
        console.error(`metric shard: cold-tier compaction failed: ${e instanceof Error ? e.message : e}`);
      }
      // A generation keeps its whole day until it is dropped (reads consult it until then); objects of the
      // layout before generations drop chunk by chunk.
      if (this.day === null) await this.retention(now);
    }
    // An empty object (a dropped generation, or one only asked) has nothing to sweep until its next append.
    if (this.seriesCount === 0 && this.walBytes === 0) return;
    await this.ensureAlarm(
      this.nextSweep(this.walBytes > 0 ? this.lastAppendAt + CHECKPOINT_DELAY_MS : now + RETENTION_SWEEP_MS),
    );
  }

  /** Move sealed chunks older than COLD_AFTER_HOURS (at `now`) into R2 blocks; the alarm's step, and a test hook. */
  async compactCold(now: number, opts: { crashAfterPut?: boolean } = {}): Promise<CompactResult> {
    const at = parseRpc(timeSchema, now, "time");
    const o = parseRpc(z.object({ crashAfterPut: z.boolean().optional() }).strict(), opts, "compaction options");
    this.ctx.storage.transactionSync(() => this.checkpoint());
    return this.cold.compact(at - config(this.env).coldAfterHours * 3_600_000, o);
  }

  /** Blocks this shard has recorded (tests and operators). */
  coldBlocks() {
    return this.cold.blocks();
  }

  /** Drop what is older than RETENTION_DAYS at `now`: whole blocks, chunk rows, then series left without either
   * and their postings. */
  async retention(now: number): Promise<void> {
    const cutoff = parseRpc(timeSchema, now, "time") - config(this.env).retentionDays * DAY_MS;
    await this.cold.dropBefore(cutoff);
    this.ctx.storage.transactionSync(() => {
      this.checkpoint();
      this.sql.exec("DELETE FROM chunks WHERE max_t < ?", cutoff);
      this.sql.exec("DELETE FROM hist_chunks WHERE max_t < ?", cutoff);
      const dead = this.sql
        .exec<{ id: number; key: string }>(
          `SELECT id, key FROM series WHERE NOT EXISTS (SELECT 1 FROM chunks WHERE chunks.series_id = series.id)
           AND NOT EXISTS (SELECT 1 FROM hist_chunks WHERE hist_chunks.series_id = series.id)
           AND NOT EXISTS (SELECT 1 FROM cold_series WHERE cold_series.series_id = series.id)`,
        )
        .toArray();
      for (const d of dead) {
        for (const [n, v] of JSON.parse(d.key) as [string, string][])
          this.sql.exec("DELETE FROM postings WHERE name = ? AND value = ? AND series_id = ?", n, v, d.id);
        this.sql.exec("DELETE FROM series WHERE id = ?", d.id);
      }
      this.seriesCount -= dead.length;
      this.histIds = undefined;
    });
    this.heads.clear();
    this.ids.clear();
    this.index.forget();
  }
}
