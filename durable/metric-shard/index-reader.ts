// A metric shard's index reads: which series match, which have data in a range, and the label names, values and
// metadata Prometheus' /api/v1/series, /labels, /label/:name/values and /metadata answer from them.
import { z } from "zod";
import type { LabelMatcher, Labels } from "../../core/promql/types";
import { matcherSetsSchema, parseRpc, rangeSchema } from "../../platform/metrics/shard-rpc";
import { hasDataIn, type MatchedSeries, matchSeries } from "./lookup";
import { capLabels, capStrings, indexLimitsSchema } from "./reply-cap";
import type { HeadView } from "./reader";

/** The most series one selector may match in a shard. */
export const DEFAULT_MAX_SELECT_SERIES = 100_000;
const MATCH_CACHE = 64;

export type Metadata = { metric: string; type: string; help: string; unit: string };

export class IndexReader {
  /** matchSeries answers by matchers; valid until the set of series changes (forget()). */
  private readonly cache = new Map<string, MatchedSeries[]>();

  constructor(
    private readonly sql: SqlStorage,
    /** The series' in-memory head when it is newer than its chunk rows. */
    private readonly headOf: (id: number) => HeadView | undefined,
  ) {}

  /** A series was created or deleted: cached matches are stale. */
  forget(): void {
    this.cache.clear();
  }

  /** matchSeries through a small cache: dashboards repeat the same selectors, and the answer only changes
   * when a series is created or deleted. */
  matched(matchers: LabelMatcher[], maxSeries: number): MatchedSeries[] {
    const key = `${maxSeries}\u0000${JSON.stringify(matchers.map((m) => [m.name, m.op, m.value]))}`;
    let hit = this.cache.get(key);
    if (!hit) {
      // Id order: pages resume after an id, and series created meanwhile sort last.
      hit = matchSeries(this.sql, matchers, maxSeries).sort((a, b) => a.id - b.id);
      if (this.cache.size >= MATCH_CACHE) this.cache.clear();
      this.cache.set(key, hit);
    }
    return hit;
  }

  private hasData(id: number, start: number, end: number): boolean {
    const head = this.headOf(id);
    if (head && head.minT <= end && head.lastT >= start) return true;
    return hasDataIn(this.sql, id, start, end);
  }

  private matchedInRange(matcherSets: LabelMatcher[][], start: number, end: number): MatchedSeries[] {
    const sets = parseRpc(matcherSetsSchema, matcherSets, "matcher sets");
    parseRpc(rangeSchema, { start, end }, "time range");
    const seen = new Map<number, MatchedSeries>();
    for (const set of sets) {
      for (const s of this.matched(set, DEFAULT_MAX_SELECT_SERIES)) {
        if (!seen.has(s.id) && this.hasData(s.id, start, end)) seen.set(s.id, s);
      }
    }
    return [...seen.values()];
  }

  series(matcherSets: LabelMatcher[][], start: number, end: number, limits?: { maxBytes?: number }): Labels[] {
    const { maxBytes } = parseRpc(indexLimitsSchema, limits, "limits");
    return capLabels(
      this.matchedInRange(matcherSets, start, end).map((s) => s.labels),
      maxBytes,
    );
  }

  /** Without matchers the postings index answers directly (time range not applied, as for a head block). */
  labelNames(matcherSets: LabelMatcher[][], start: number, end: number): string[] {
    if (matcherSets.length === 0)
      return this.sql
        .exec<{ name: string }>("SELECT DISTINCT name FROM postings")
        .toArray()
        .map((r) => r.name);
    const names = new Set<string>();
    for (const s of this.matchedInRange(matcherSets, start, end)) for (const k of Object.keys(s.labels)) names.add(k);
    return [...names];
  }

  labelValues(
    name: string,
    matcherSets: LabelMatcher[][],
    start: number,
    end: number,
    limits?: { maxBytes?: number },
  ): string[] {
    parseRpc(z.string(), name, "label name");
    const { maxBytes } = parseRpc(indexLimitsSchema, limits, "limits");
    const what = `values of label ${JSON.stringify(name)}`;
    if (matcherSets.length === 0)
      return capStrings(
        this.sql
          .exec<{ value: string }>("SELECT DISTINCT value FROM postings WHERE name = ?", name)
          .toArray()
          .map((r) => r.value),
        what,
        maxBytes,
      );
    const values = new Set<string>();
    for (const s of this.matchedInRange(matcherSets, start, end))
      if (s.labels[name] !== undefined) values.add(s.labels[name]);
    return capStrings([...values], what, maxBytes);
  }

  metadata(metric?: string, limit?: number): Metadata[] {
    const lim = parseRpc(z.number().int().positive().max(1_000_000).optional(), limit, "limit") ?? 1_000_000;
    const rows =
      metric === undefined
        ? this.sql.exec("SELECT metric, type, help, unit FROM metadata ORDER BY metric LIMIT ?", lim)
        : this.sql.exec(
            "SELECT metric, type, help, unit FROM metadata WHERE metric = ? LIMIT ?",
            parseRpc(z.string(), metric, "metric"),
            lim,
          );
    return rows.toArray() as Metadata[];
  }
}
