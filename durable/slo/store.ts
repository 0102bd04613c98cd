// The SloObject's SQLite: the definition, per-minute good/total roll-ups per group, and what has been computed.
import type { SloDef } from "../../core/contracts/slos";
import type { Coverage } from "../../core/slo/coverage";
import type { BucketRow } from "../../core/slo/rollup";

export class SloStore {
  private readonly sql: SqlStorage;

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS buckets (grp TEXT NOT NULL, t INTEGER NOT NULL, good REAL NOT NULL, total REAL NOT NULL, PRIMARY KEY (t, grp)) WITHOUT ROWID",
    );
  }

  private get<T>(key: string): T | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }
  private set(key: string, value: unknown): void {
    this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, JSON.stringify(value));
  }

  def = () => this.get<SloDef>("def");
  setDef = (d: SloDef) => this.set("def", d);
  /** What the roll-ups were computed from: changing it (SLI, grouping) invalidates them. */
  basis = () => this.get<string>("basis");
  setBasis = (b: string) => this.set("basis", b);
  coverage = (): Coverage => this.get<Coverage>("coverage") ?? { from: null, until: null };
  setCoverage = (c: Coverage) => this.set("coverage", c);
  lastError = () => this.get<string>("last_error");
  setLastError = (e: string | null) => this.set("last_error", e);

  transaction<T>(fn: () => T): T {
    return this.storage.transactionSync(fn);
  }

  /** Replace the rows of (from, to]: a recomputed minute may have lost a group as well as changed its counts. */
  replaceRange(from: number, to: number, rows: readonly BucketRow[]): void {
    this.sql.exec("DELETE FROM buckets WHERE t > ? AND t <= ?", from, to);
    for (const r of rows)
      this.sql.exec("INSERT INTO buckets (grp, t, good, total) VALUES (?, ?, ?, ?)", r.group, r.t, r.good, r.total);
  }

  dropBefore(t: number): void {
    this.sql.exec("DELETE FROM buckets WHERE t <= ?", t);
  }

  clear(): void {
    this.sql.exec("DELETE FROM buckets");
    this.set("coverage", { from: null, until: null });
  }

  /** Good and total per group over (from, to]. */
  sums(from: number, to: number): { group: string; good: number; total: number }[] {
    return this.sql
      .exec<{ grp: string; good: number; total: number }>(
        "SELECT grp, SUM(good) AS good, SUM(total) AS total FROM buckets WHERE t > ? AND t <= ? GROUP BY grp",
        from,
        to,
      )
      .toArray()
      .map((r) => ({ group: r.grp, good: r.good, total: r.total }));
  }

  /** Bad and total per step-wide slice of (from, to], all groups together (for the burndown). */
  slices(from: number, to: number, stepMs: number): { i: number; bad: number; total: number }[] {
    return this.sql
      .exec<{ i: number; bad: number; total: number }>(
        "SELECT CAST((t - ? - 1) / ? AS INTEGER) AS i, SUM(total - good) AS bad, SUM(total) AS total FROM buckets WHERE t > ? AND t <= ? GROUP BY i ORDER BY i",
        from,
        stepMs,
        from,
        to,
      )
      .toArray();
  }
}
