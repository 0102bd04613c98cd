import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { SpanRecord } from "../../core/otlp/traces/types";
import {
  sampleRequestSchema,
  searchRequestSchema,
  spanFilterSchema,
  statsRequestSchema,
} from "../../core/traces/contracts";
import { generationDropAt, generationExpired } from "../../core/shard-map/generations";
import { config, type Env } from "../../platform/env";
import { serviceGraph } from "./graph-query";
import { MAX_TRACE_SPANS } from "./limits";
import { sampleSpans } from "./sample-query";
import { migrateTraceSchema } from "./schema";
import { searchTraces } from "./search-query";
import { insertSpans, ResourceCache, rowToSpan, type SpanRow } from "./span-store";
import { spanStats } from "./stats-query";
import type {
  ShardGraphResult,
  ShardSample,
  ShardSearchResult,
  ShardStatsResult,
  TraceShardRpc,
} from "../../platform/traces/shard-rpc";

const traceIdSchema = z.string().regex(/^[0-9a-f]{32}$/);
const daySchema = z.number().int().nonnegative();
const RETENTION_CHECK_MS = 60 * 60_000;
const DELETE_BATCH = 20_000;

/** Spans whose trace id hashes to this shard, starting on one UTC day (`traces-<day>-<i>`; an object named
 * `traces-<i>` is of the layout before generations and holds every day). */
export class TraceShard extends DurableObject<Env> implements TraceShardRpc {
  private readonly sql: SqlStorage;
  private readonly resources: ResourceCache;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    migrateTraceSchema(ctx.storage);
    this.resources = new ResourceCache(this.sql);
  }

  /** Spans were decoded and limited by the worker; the shard trusts their shape but re-checks ids. `day` names the
   * generation this object is (spans starting that UTC day); an object of the layout before generations has none. */
  async ingest(spans: SpanRecord[], day?: number): Promise<{ inserted: number }> {
    if (day !== undefined) daySchema.parse(day);
    const inserted = this.ctx.storage.transactionSync(() => {
      if (day !== undefined) this.sql.exec("INSERT OR IGNORE INTO trace_meta (key, value) VALUES ('day', ?)", day);
      return insertSpans(
        this.sql,
        this.resources,
        spans.filter((s) => traceIdSchema.safeParse(s.traceId).success),
      );
    });
    if ((await this.ctx.storage.getAlarm()) === null) await this.scheduleRetention(this.generationDay());
    return { inserted };
  }

  async getTrace(traceId: string): Promise<{ spans: SpanRecord[]; truncated: boolean }> {
    const id = traceIdSchema.parse(traceId);
    const rows = this.sql
      .exec<SpanRow & Record<string, SqlStorageValue>>(
        `SELECT * FROM spans WHERE trace_id = ? ORDER BY start_us LIMIT ${MAX_TRACE_SPANS + 1}`,
        id,
      )
      .toArray();
    return {
      spans: rows.slice(0, MAX_TRACE_SPANS).map((r) => rowToSpan(r, this.resources)),
      truncated: rows.length > MAX_TRACE_SPANS,
    };
  }

  async search(input: unknown): Promise<ShardSearchResult> {
    return searchTraces(this.sql, searchRequestSchema.parse(input));
  }

  async stats(input: unknown): Promise<ShardStatsResult> {
    return spanStats(this.sql, statsRequestSchema.parse(input));
  }

  async graph(input: unknown): Promise<ShardGraphResult> {
    return serviceGraph(this.sql, spanFilterSchema.parse(input));
  }

  async sample(input: unknown): Promise<ShardSample[]> {
    return sampleSpans(this.sql, this.resources, sampleRequestSchema.parse(input));
  }

  async spanCount(): Promise<number> {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM spans").one().n;
  }

  async holdsSpans(): Promise<boolean> {
    return this.sql.exec("SELECT 1 FROM spans LIMIT 1").toArray().length > 0;
  }

  /** The UTC day this generation holds, or null for an object of the layout before generations. */
  private generationDay(): number | null {
    return (
      this.sql.exec<{ value: number }>("SELECT value FROM trace_meta WHERE key = 'day'").toArray()[0]?.value ?? null
    );
  }

  private async scheduleRetention(day: number | null): Promise<void> {
    const at = day === null ? Date.now() + RETENTION_CHECK_MS : generationDropAt(day, config(this.env).retentionDays);
    await this.ctx.storage.setAlarm(Math.max(Date.now() + 1000, at));
  }

  /** Retention. A generation is one day: once all of it is older than RETENTION_DAYS the whole object goes. */
  override async alarm(): Promise<void> {
    const day = this.generationDay();
    if (day === null) return this.legacyRetention();
    if (!generationExpired(day, config(this.env).retentionDays, Date.now())) return this.scheduleRetention(day);
    await this.ctx.storage.deleteAll();
    this.resources.clear();
    migrateTraceSchema(this.ctx.storage);
  }

  /** The layout before generations: delete spans older than RETENTION_DAYS in bounded batches, re-arming while
   * work remains. */
  private async legacyRetention(): Promise<void> {
    const days = config(this.env).retentionDays;
    const cutoffUs = (Date.now() - days * 86_400_000) * 1000;
    const more = this.ctx.storage.transactionSync(() => deleteOlderThan(this.sql, cutoffUs, DELETE_BATCH));
    if (more) this.resources.clear();
    const count = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM spans LIMIT 1").one().n;
    if (more) await this.ctx.storage.setAlarm(Date.now() + 1000);
    else if (count > 0) await this.ctx.storage.setAlarm(Date.now() + RETENTION_CHECK_MS);
  }
}

/** Returns true when it hit the batch size (more may remain). */
export function deleteOlderThan(sql: SqlStorage, cutoffUs: number, batch: number): boolean {
  const ids = sql
    .exec<{ id: number }>(`SELECT id FROM spans WHERE start_us < ? LIMIT ${batch}`, cutoffUs)
    .toArray()
    .map((r) => r.id);
  if (!ids.length) return false;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const marks = chunk.map(() => "?").join(",");
    const errs = sql
      .exec<{ trace_id: string; parent_id: string }>(
        `SELECT trace_id, parent_id FROM spans WHERE id IN (${marks}) AND status = 2 AND parent_id != ''`,
        ...chunk,
      )
      .toArray();
    sql.exec(`DELETE FROM span_attrs WHERE span_id IN (${marks})`, ...chunk);
    sql.exec(`DELETE FROM spans WHERE id IN (${marks})`, ...chunk);
    forgetErrorChildren(sql, errs);
  }
  if (ids.length === batch) return true;
  // Last batch: resources no span refers to any more go too (their attribute rows with them).
  sql.exec("DELETE FROM resource_attrs WHERE resource_id NOT IN (SELECT DISTINCT resource_id FROM spans)");
  sql.exec("DELETE FROM resources WHERE id NOT IN (SELECT DISTINCT resource_id FROM spans)");
  return false;
}

/** Keeps the leaf-error flag true to what is stored: a parent whose last failing child expired is a leaf again. */
function forgetErrorChildren(sql: SqlStorage, pairs: { trace_id: string; parent_id: string }[]): void {
  for (const p of pairs) {
    const still =
      sql
        .exec(
          "SELECT 1 FROM spans WHERE trace_id = ? AND parent_id = ? AND status = 2 LIMIT 1",
          p.trace_id,
          p.parent_id,
        )
        .toArray().length > 0;
    if (still) continue;
    sql.exec("DELETE FROM err_children WHERE trace_id = ? AND parent_id = ?", p.trace_id, p.parent_id);
    sql.exec("UPDATE spans SET failing_child = 0 WHERE trace_id = ? AND span_id = ?", p.trace_id, p.parent_id);
  }
}
