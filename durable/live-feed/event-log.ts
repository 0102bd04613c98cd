import type { LiveEvent } from "../../core/contracts/alerting";

/** Events kept for `resume_from`: enough for a wall that was offline for a while, bounded storage. */
export const KEEP_EVENTS = 20_000;
/** Events read per replay page: bounds the memory a replay holds between yields. */
export const REPLAY_PAGE = 500;

export interface StoredEvent {
  id: number;
  topics: string[];
  at: number;
  event: LiveEvent;
}

/** The live feed's SQLite log: ids from AUTOINCREMENT (never reused), the newest KEEP_EVENTS kept. */
export class EventLog {
  constructor(private sql: SqlStorage) {
    sql.exec(
      "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, topics TEXT NOT NULL, at INTEGER NOT NULL, event TEXT NOT NULL)",
    );
  }

  append(topics: string[], event: LiveEvent): { id: number; at: number } {
    const at = Date.now();
    const row = this.sql
      .exec<{ id: number }>(
        "INSERT INTO events (topics, at, event) VALUES (?, ?, ?) RETURNING id",
        JSON.stringify(topics),
        at,
        JSON.stringify(event),
      )
      .one();
    const id = Number(row.id);
    if (id % 500 === 0) this.sql.exec("DELETE FROM events WHERE id <= ?", id - KEEP_EVENTS);
    return { id, at };
  }

  lastId(): number {
    // sqlite_sequence holds the last id issued even when its row is gone; MAX(id) is the fallback before any.
    const seq = this.sql
      .exec<{ seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
      .toArray()[0]?.seq;
    return Number(seq ?? 0);
  }

  oldestId(): number | null {
    const row = this.sql.exec<{ id: number | null }>("SELECT MIN(id) AS id FROM events").one();
    return row.id === null ? null : Number(row.id);
  }

  /** Up to REPLAY_PAGE events after `after`, oldest first; `more` when the page was full. */
  page(after: number): { rows: StoredEvent[]; more: boolean } {
    const rows = this.sql
      .exec<{ id: number; topics: string; at: number; event: string }>(
        "SELECT id, topics, at, event FROM events WHERE id > ? ORDER BY id LIMIT ?",
        after,
        REPLAY_PAGE,
      )
      .toArray()
      .map((r) => ({
        id: Number(r.id),
        topics: JSON.parse(r.topics) as string[],
        at: Number(r.at),
        event: JSON.parse(r.event) as LiveEvent,
      }));
    return { rows, more: rows.length === REPLAY_PAGE };
  }
}
