import { DurableObject } from "cloudflare:workers";
import {
  checkExemplar,
  emptyWriteResult,
  type Exemplar,
  type ExemplarWriteResult,
  sameExemplar,
} from "../../core/exemplars/model";
import type { LabelMatcher, Labels } from "../../core/promql/types";
import { labelsFromKey } from "../../core/tsdb/labels";
import { matchesAll } from "../../core/tsdb/matchers";
import type { Env } from "../../platform/env";
import type { ExemplarStoreRpc, KeyedExemplars } from "../../platform/exemplars/exemplar-rpc";
import { EXEMPLARS_PER_STORE } from "../../platform/exemplars/limits";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS exemplars (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  series TEXT NOT NULL,
  metric TEXT NOT NULL,
  labels TEXT NOT NULL,
  value REAL,
  ts INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS exemplars_series ON exemplars(series, ts);
CREATE INDEX IF NOT EXISTS exemplars_metric ON exemplars(metric, ts);
`;

type Row = { id: number; series: string; labels: string; value: number | null; ts: number };

/** An empty label is the same as an absent one (Prometheus keeps exemplar labels WithoutEmpty). */
function withoutEmpty(l: Labels): Labels {
  const out: Labels = {};
  for (const k of Object.keys(l).sort()) if (l[k] !== "") out[k] = l[k];
  return out;
}

function exemplarOf(r: Row): Exemplar {
  // SQLite keeps NaN as NULL.
  return { labels: JSON.parse(r.labels) as Labels, value: r.value ?? Number.NaN, ts: r.ts };
}

/** The metric name a matcher set pins with `__name__="x"`, if any: it narrows the scan to one index range. */
function pinnedName(set: LabelMatcher[]): string | undefined {
  return set.find((m) => m.name === "__name__" && m.op === "=")?.value;
}

/**
 * Exemplars of the series hashing here, in insertion order, at most EXEMPLARS_PER_STORE: the oldest are
 * evicted first, as Prometheus' circular buffer does. A new exemplar must be newer than its series' newest
 * kept one (Prometheus' out-of-order rule); an exact repeat of it is a duplicate. Neither fails a write.
 */
export class ExemplarStore extends DurableObject<Env> implements ExemplarStoreRpc {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  async append(batch: KeyedExemplars[]): Promise<ExemplarWriteResult> {
    const result = emptyWriteResult();
    this.ctx.storage.transactionSync(() => {
      for (const s of batch) {
        const metric = labelsFromKey(s.key).__name__ ?? "";
        const last = this.sql
          .exec<Row>(
            "SELECT id, series, labels, value, ts FROM exemplars WHERE series = ? ORDER BY ts DESC, id DESC LIMIT 1",
            s.key,
          )
          .toArray()[0];
        let newest = last ? exemplarOf(last) : undefined;
        for (const raw of s.exemplars) {
          const e = { ...raw, labels: withoutEmpty(raw.labels) };
          const why = checkExemplar(e);
          if (why) {
            result.invalid++;
            if (result.errors.length < 5 && !result.errors.includes(why)) result.errors.push(why);
            continue;
          }
          if (newest && sameExemplar(newest, e)) {
            result.duplicate++;
            continue;
          }
          if (newest && e.ts <= newest.ts) {
            result.outOfOrder++;
            continue;
          }
          const value = Number.isNaN(e.value) ? null : e.value;
          this.sql.exec(
            "INSERT INTO exemplars (series, metric, labels, value, ts) VALUES (?, ?, ?, ?, ?)",
            s.key,
            metric,
            JSON.stringify(e.labels),
            value,
            e.ts,
          );
          newest = e;
          result.written++;
        }
      }
      this.evict();
    });
    return result;
  }

  /** Rows are only ever deleted oldest-first, so ids are contiguous and max - min + 1 is the count. */
  private evict(): void {
    const r = this.sql
      .exec<{ lo: number | null; hi: number | null }>("SELECT min(id) AS lo, max(id) AS hi FROM exemplars")
      .one();
    if (r.lo === null || r.hi === null) return;
    if (r.hi - r.lo + 1 > EXEMPLARS_PER_STORE)
      this.sql.exec("DELETE FROM exemplars WHERE id <= ?", r.hi - EXEMPLARS_PER_STORE);
  }

  async select(sets: LabelMatcher[][], start: number, end: number): Promise<KeyedExemplars[]> {
    const names = sets.map(pinnedName);
    // One scan serves every set unless each set pins a metric name: then only those names' rows are read.
    const rows = names.every((n) => n !== undefined)
      ? [...new Set(names as string[])].flatMap((n) =>
          this.sql
            .exec<Row>(
              "SELECT id, series, labels, value, ts FROM exemplars WHERE metric = ? AND ts BETWEEN ? AND ? ORDER BY id",
              n,
              start,
              end,
            )
            .toArray(),
        )
      : this.sql
          .exec<Row>(
            "SELECT id, series, labels, value, ts FROM exemplars WHERE ts BETWEEN ? AND ? ORDER BY id",
            start,
            end,
          )
          .toArray();
    const bySeries = new Map<string, { match: boolean; rows: Row[] }>();
    for (const r of rows) {
      let entry = bySeries.get(r.series);
      if (!entry) {
        const labels = labelsFromKey(r.series);
        entry = { match: sets.some((set) => matchesAll(set, labels)), rows: [] };
        bySeries.set(r.series, entry);
      }
      if (entry.match) entry.rows.push(r);
    }
    const out: KeyedExemplars[] = [];
    for (const [key, { match, rows: rs }] of bySeries) {
      if (!match || rs.length === 0) continue;
      rs.sort((a, b) => a.ts - b.ts || a.id - b.id);
      out.push({ key, exemplars: rs.map(exemplarOf) });
    }
    return out;
  }
}
