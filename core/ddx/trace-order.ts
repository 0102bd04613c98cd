// The order of trace DDx rows (docs/DDX.md "The trace score"): cause candidates by divergence; then values whose
// target spans lie inside a cause's (`contained`: the region or the route a bad version runs in); then symptoms
// (what the failure looks like: error message, status code); then rows neither comparison separates; then rows on too
// few spans. Symptoms go after every cause candidate that diverges at all, even a weaker one: they are true of every
// error and name no cause. A value absent before the window is never contained: it answers "what changed".
import type { AttributeStat, SpanRecord } from "./trace-types";

type Row = Omit<AttributeStat, "explanation" | "reason">;

/** A row is inside another when at least this share of its sampled target spans carry the other value too. */
export const CONTAINED_AT = 0.9;
/** Cause candidates checked for containment (each costs one pass over the target sample). */
const CHECKED = 40;

const GROUP: Record<Row["kind"], number> = { cause: 0, contained: 1, symptom: 2, noise: 3 };

function byStrength(x: Row, y: Row): number {
  return (
    Number(y.supported) - Number(x.supported) ||
    GROUP[x.kind] - GROUP[y.kind] ||
    y.divergence - x.divergence ||
    // Ties (often at 0 on tiny samples) fall back to the raw difference, then to the share of the spans carrying the
    // key (a peer on every error span that has a peer outranks one of two error messages), then to values absent before.
    y.target.pct - y.comparison.pct - (x.target.pct - x.comparison.pct) ||
    y.target.pctOfKey - x.target.pctOfKey ||
    Number(x.before?.present ?? false) - Number(y.before?.present ?? false) ||
    (x.key + x.value).localeCompare(y.key + y.value)
  );
}

const isNew = (r: Row) => r.before !== undefined && !r.before.present;

/** Sorts the rows in place, marking the contained ones (`kind`, `within`). */
export function orderRows<T extends Row>(rows: T[], target: SpanRecord[]): T[] {
  rows.sort(byStrength);
  const candidates = rows.filter((r) => r.kind === "cause").slice(0, CHECKED);
  if (candidates.length > 1) {
    const carriers = new Map<T, Uint8Array>();
    for (const r of candidates) {
      const on = new Uint8Array(target.length);
      target.forEach((s, i) => {
        if (s.attributes[r.key] === r.value) on[i] = 1;
      });
      carriers.set(r, on);
    }
    const inside = (r: T, a: T): boolean => {
      const ro = carriers.get(r)!;
      const ao = carriers.get(a)!;
      let n = 0;
      let both = 0;
      for (let i = 0; i < ro.length; i++) {
        if (!ro[i]) continue;
        n++;
        both += ao[i];
      }
      return n > 0 && both >= CONTAINED_AT * n;
    };
    const kept: T[] = [];
    for (const r of candidates) {
      // A new value lower down may hold this one (a region the new version runs in): it is what changed, when it
      // diverges at least half as much.
      const holder = isNew(r)
        ? undefined
        : (kept.find((a) => a.key !== r.key && inside(r, a)) ??
          candidates.find(
            (a) => a !== r && a.key !== r.key && isNew(a) && a.divergence >= r.divergence / 2 && inside(r, a),
          ));
      if (holder) {
        r.kind = "contained";
        r.within = `${holder.key}=${holder.value}`;
      } else kept.push(r);
    }
    rows.sort(byStrength);
  }
  return rows;
}
