// One metrics shard: series, postings and Gorilla chunks in the Durable Object's SQLite. An append writes its
// accepted samples as one write-ahead-log row (plus any new series and sealed chunks) in one synchronous
// transaction before the RPC returns, and the output gate holds the reply until that is durable: nothing
// acknowledged is lost on eviction. Open head chunks live in memory and are written back at checkpoints
// (WAL size, alarm, stats, retention), then the WAL is cleared; a restarted object replays the WAL first.
// Sealed chunks past COLD_AFTER_HOURS move to blocks in R2 (cold.ts); reads merge both transparently.
import { DurableObject } from "cloudflare:workers";
import type { LabelMatcher, Labels } from "../../core/promql/types";
import { histogramSeriesIds, holdsHistograms } from "./hist-read";
import { config, type Env } from "../../platform/env";
import { generationDropAt, generationExpired } from "../../core/shard-map/generations";
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
  matcherSchema,
  rangeSchema,
  selectLimitsSchema,
} from "../../platform/metrics/shard-rpc";
import { overlapCopies } from "./overlap-count";
import { createSchema } from "./schema";
import type { Partial } from "../../core/promql/pushdown/partial";
import { runFragments } from "./fragments";
import { type Page, type PageOptions, pageOptionsSchema, selectPage } from "./raw-select";
import { ColdTier, type CompactResult } from "./cold";
import { z } from "zod";
import { type AppendTarget, appendAll, type ParsedAppend, parseAppend } from "./append";
import { Heads } from "./heads";
import { SeriesIds } from "./series-ids";

const DEFAULT_MAX_SELECT_SAMPLES = 5_000_000;
/** A whole-selection select answers at most this much (one RPC value; pages go further). */
const SINGLE_SELECT_BYTES = 24 * 1024 * 1024;
const RETENTION_SWEEP_MS = 60 * 60 * 1000;
/** With appends pausing this long, the alarm checkpoints (an idle shard leaves no WAL behind); while they go
 * on, the WAL's size decides (checkpointDue in core/tsdb/wal.ts), so a busy shard is not interrupted every
 * 10 s to rewrite all its heads. */
const CHECKPOINT_DELAY_MS = 10_000;
const DAY_MS = 86_400_000;
const timeSchema = z.number().int().nonnegative();

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

function failed(e: unknown): { error: string; limit: boolean } {
  const error = e instanceof Error ? e.message : String(e);
  return { error, limit: error.startsWith(LIMIT_ERROR_PREFIX) };
}

export class MetricShard extends DurableObject<Env> implements MetricShardRpc {
  private readonly sql: SqlStorage;
  private readonly heads: Heads;
  private ids!: SeriesIds;
  /** Ids of the series with native histogram rows, read on first use (histogramSeries) and kept up by appends. */
  private histIds: Set<number> | undefined;
  private readonly index: IndexReader;
  private readonly cold: ColdTier;
  private lastAppendAt = 0;
  private alarmAt: number | null = null;
  private lastRetention = 0;
  /** The UTC day this generation holds (shard_meta), or null for an object of the layout before generations. */
  private day: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.heads = new Heads(this.sql);
    this.index = new IndexReader(this.sql, this.heads.view);
    this.cold = new ColdTier(this.sql, ctx.storage, env.BLOCKS, `metrics/${ctx.id.toString()}/`);
    ctx.blockConcurrencyWhile(async () => {
      createSchema(this.sql);
      this.ids = new SeriesIds(this.sql, () => this.index.forget());
      this.alarmAt = await ctx.storage.getAlarm();
      this.day =
        this.sql.exec<{ value: number }>("SELECT value FROM shard_meta WHERE key = 'day'").toArray()[0]?.value ?? null;
      ctx.storage.transactionSync(() => this.heads.replay());
    });
  }

  private checkpoint(): void {
    this.ctx.storage.transactionSync(() => this.heads.checkpoint());
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

  private histogramSeries(): Set<number> {
    this.histIds ??= histogramSeriesIds(this.sql);
    return this.histIds;
  }

  async append(input: AppendInput): Promise<ShardReply<AppendResult>> {
    let parsed: ParsedAppend;
    try {
      parsed = parseAppend(input);
    } catch (e) {
      return { error: (e as Error).message, limit: false };
    }
    const { maxSeries, day } = parsed;
    const limit = maxSeries ?? this.maxSeriesPerShard();
    const now = Date.now();
    const res = this.ctx.storage.transactionSync(() => {
      if (day !== undefined && this.day === null) {
        this.sql.exec("INSERT OR IGNORE INTO shard_meta (key, value) VALUES ('day', ?)", day);
        this.day = day;
      }
      const target: AppendTarget = {
        sql: this.sql,
        heads: this.heads,
        ids: this.ids,
        day: this.day,
        markHistogram: (id) => this.histogramSeries().add(id),
      };
      return appendAll(target, parsed, now, limit);
    });
    if (res.seriesLimited)
      res.errors.push(
        `per-tenant series limit reached (${limit} series in this shard): ${res.seriesLimited} samples of new series rejected`,
      );
    this.lastAppendAt = now;
    await this.ensureAlarm(this.nextSweep(now + (this.heads.atRest ? RETENTION_SWEEP_MS : CHECKPOINT_DELAY_MS)));
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
      this.heads.view,
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
      return selectPage(this.sql, matched, start, end, o, this.heads.view, ...cold);
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
          headOf: (id) => this.heads.view(id),
          cold: (start, end) => this.cold.source(start, end),
        },
        fragments,
        limits,
      ),
    );
  }

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
    this.checkpoint();
    const c = this.sql
      .exec<{ chunks: number; samples: number | null; bytes: number | null }>(
        // Float and native histogram rows alike: both are this shard's hot chunks.
        `SELECT COUNT(*) AS chunks, SUM(count) AS samples, SUM(length(data)) AS bytes FROM
         (SELECT count, data FROM chunks UNION ALL SELECT count, data FROM hist_chunks)`,
      )
      .one();
    const b = this.cold.totals();
    // A generation's copies of the previous day's last 2 h are counted in their own day's generation.
    const copies = this.day === null ? 0 : overlapCopies(this.sql, this.day * DAY_MS);
    return {
      series: this.ids.count,
      chunks: c.chunks,
      samples: (c.samples ?? 0) - copies,
      chunkBytes: c.bytes ?? 0,
      blocks: b.blocks,
      blockBytes: b.bytes,
      dbBytes: this.sql.databaseSize,
    };
  }

  async holdsSeries(): Promise<boolean> {
    return this.ids.count > 0;
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
    this.heads.forget();
    this.ids.forget();
    this.histIds = undefined;
    this.ids.count = 0;
    this.heads.walBytes = 0;
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
    const busy = !this.heads.atRest && now - this.lastAppendAt < CHECKPOINT_DELAY_MS;
    if (!busy) this.checkpoint();
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
    if (this.ids.count === 0 && this.heads.atRest) return;
    await this.ensureAlarm(
      this.nextSweep(!this.heads.atRest ? this.lastAppendAt + CHECKPOINT_DELAY_MS : now + RETENTION_SWEEP_MS),
    );
  }

  /** Move sealed chunks older than COLD_AFTER_HOURS (at `now`) into R2 blocks; the alarm's step, and a test hook. */
  async compactCold(now: number, opts: { crashAfterPut?: boolean } = {}): Promise<CompactResult> {
    const at = parseRpc(timeSchema, now, "time");
    const o = parseRpc(z.object({ crashAfterPut: z.boolean().optional() }).strict(), opts, "compaction options");
    this.checkpoint();
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
      this.heads.checkpoint();
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
      this.ids.count -= dead.length;
      this.histIds = undefined;
    });
    this.heads.forget();
    this.ids.forget();
    this.index.forget();
  }
}
