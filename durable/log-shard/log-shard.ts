import type { LogShardRpc } from "../../platform/logs/shard-rpc";
import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { logHistogramSchema, logSearchSchema, type LogLine } from "../../core/logs/contracts";
import { addToHistogram, newHistogram, type LogHistogram } from "../../core/logs/histogram";
import type { LogRecordRow } from "../../core/otlp/logs/types";
import { generationDropAt, generationExpired } from "../../core/shard-map/generations";
import { config, type Env } from "../../platform/env";
import { rowToLine, insertLogs, type LogRow } from "./log-store";
import { logWhere } from "./log-where";
import { LOG_SCHEMA } from "./schema";

/** Rows one shard reads for one request at most; beyond it the answer is marked truncated. */
export const MAX_LOG_SCAN = 200_000;
const ROW_SQL = `SELECT l.id, l.ts_us, l.observed_us, l.service, l.severity, l.severity_text, l.body, l.trace_id, l.span_id, l.attrs, r.attrs AS rattrs, l.scope
  FROM logs l JOIN log_resources r ON r.id = l.resource_id`;

/** One day of logs for the services whose name hashes to this shard (name: `logs-<day>-<n>`). */
export class LogShard extends DurableObject<Env> implements LogShardRpc {
  private readonly sql: SqlStorage;
  private readonly resourceIds = new Map<string, number>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    for (const stmt of LOG_SCHEMA) this.sql.exec(stmt);
  }

  async ingest(day: number, logs: LogRecordRow[]): Promise<{ inserted: number }> {
    z.number().int().nonnegative().parse(day);
    const inserted = this.ctx.storage.transactionSync(() => {
      this.sql.exec("INSERT OR IGNORE INTO log_meta (key, value) VALUES ('day', ?)", String(day));
      return insertLogs(this.sql, this.resourceIds, logs);
    });
    if ((await this.ctx.storage.getAlarm()) === null) await this.scheduleRetention(day);
    return { inserted };
  }

  async search(input: unknown): Promise<{ lines: LogLine[]; scanned: number; truncated: boolean }> {
    const q = logSearchSchema.parse(input);
    const w = logWhere(q);
    let cursorSql = "";
    const params = [...w.params];
    if (q.cursor) {
      // Shards order ties by name: a shard after the cursor's one may repeat its timestamp, one before may not.
      if (q.shard < q.cursor.shard) {
        cursorSql = " AND l.ts_us <= ?";
        params.push(q.cursor.t);
      } else if (q.shard > q.cursor.shard) {
        cursorSql = " AND l.ts_us < ?";
        params.push(q.cursor.t);
      } else {
        cursorSql = " AND (l.ts_us < ? OR (l.ts_us = ? AND l.id < ?))";
        params.push(q.cursor.t, q.cursor.t, q.cursor.id);
      }
    }
    const cur = this.sql.exec<LogRow & Record<string, SqlStorageValue>>(
      `${ROW_SQL} WHERE ${w.sql}${cursorSql} ORDER BY l.ts_us DESC, l.id DESC LIMIT ${w.post ? MAX_LOG_SCAN + 1 : q.limit}`,
      ...params,
    );
    const lines: LogLine[] = [];
    let scanned = 0;
    for (const r of cur) {
      if (++scanned > MAX_LOG_SCAN) break;
      if (w.post && !w.post(r)) continue;
      lines.push(rowToLine(q.shard, r));
      if (lines.length >= q.limit) break;
    }
    return { lines, scanned: Math.min(scanned, MAX_LOG_SCAN), truncated: scanned > MAX_LOG_SCAN };
  }

  async histogram(input: unknown): Promise<{ histogram: LogHistogram; scanned: number; truncated: boolean }> {
    const q = logHistogramSchema.parse(input);
    const w = logWhere(q);
    const h = newHistogram(q.startUs, q.stepUs, q.buckets);
    let scanned = 0;
    if (!w.post) {
      // Counting in SQL: one row per (bucket, severity), whatever the volume.
      const rows = this.sql.exec<{ b: number; severity: number; n: number }>(
        `SELECT (l.ts_us - ?) / ? AS b, l.severity, COUNT(*) AS n FROM logs l JOIN log_resources r ON r.id = l.resource_id WHERE ${w.sql} GROUP BY b, l.severity`,
        q.startUs,
        q.stepUs,
        ...w.params,
      );
      for (const r of rows) {
        addToHistogram(h, q.startUs + r.b * q.stepUs, r.severity, r.n);
        scanned += r.n;
      }
      return { histogram: h, scanned, truncated: false };
    }
    const cur = this.sql.exec<LogRow & Record<string, SqlStorageValue>>(
      `${ROW_SQL} WHERE ${w.sql} LIMIT ${MAX_LOG_SCAN + 1}`,
      ...w.params,
    );
    for (const r of cur) {
      if (++scanned > MAX_LOG_SCAN) break;
      if (w.post(r)) addToHistogram(h, r.ts_us, r.severity);
    }
    return { histogram: h, scanned: Math.min(scanned, MAX_LOG_SCAN), truncated: scanned > MAX_LOG_SCAN };
  }

  async count(): Promise<number> {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM logs").one().n;
  }

  private async scheduleRetention(day: number): Promise<void> {
    const days = config(this.env).retentionDays;
    await this.ctx.storage.setAlarm(Math.max(Date.now() + 1000, generationDropAt(day, days)));
  }

  /** Retention: the whole shard is one day, so once that day is older than RETENTION_DAYS it all goes. */
  override async alarm(): Promise<void> {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM log_meta WHERE key = 'day'").toArray()[0];
    if (!row) return;
    const day = Number(row.value);
    const days = config(this.env).retentionDays;
    if (generationExpired(day, days, Date.now())) {
      await this.ctx.storage.deleteAll();
      this.resourceIds.clear();
      for (const stmt of LOG_SCHEMA) this.sql.exec(stmt);
    } else await this.scheduleRetention(day);
  }
}
