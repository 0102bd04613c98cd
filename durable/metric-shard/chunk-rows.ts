// Chunk rows written by appends (sealed chunks), checkpoints and evictions, gathered and upserted in multi-row
// statements rather than one statement per row. Rows go in the order they were added, so a later row for the
// same (series, min_t) replaces an earlier one, as separate statements would. Flush before reading `chunks`.
import { toBlob } from "./schema";

/** Five bound parameters a row, under the platform's 100 per statement. */
const ROWS_PER_INSERT = 20;
const INSERTS: string[] = [];

function insertOf(rows: number): string {
  INSERTS[rows] ??= `INSERT OR REPLACE INTO chunks (series_id, min_t, max_t, count, data) VALUES ${Array.from(
    { length: rows },
    () => "(?, ?, ?, ?, ?)",
  ).join(", ")}`;
  return INSERTS[rows];
}

export class ChunkRows {
  private readonly args: (number | ArrayBuffer)[] = [];
  private rows = 0;

  constructor(private readonly sql: SqlStorage) {}

  add(id: number, minT: number, maxT: number, count: number, data: Uint8Array): void {
    this.args.push(id, minT, maxT, count, toBlob(data));
    if (++this.rows === ROWS_PER_INSERT) this.flush();
  }

  /** Write every row added since the last flush (inside the caller's transaction). */
  flush(): void {
    if (this.rows === 0) return;
    this.sql.exec(insertOf(this.rows), ...this.args);
    this.args.length = 0;
    this.rows = 0;
  }
}
