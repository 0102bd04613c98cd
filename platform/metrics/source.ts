// The read side of metrics storage: every query fans out in parallel to every object that may hold its window
// (each day's generations it overlaps, each asked only for its own day, and objects of the layout before
// generations while they may hold it; under every epoch of the shard map), each shard applies the matchers
// (postings index) and the time range itself, and the results are merged here: a series split across objects
// by a change of the shard count or by the day comes back as one.
import type { LabelMatcher, Labels, RawSeries, SelectHints, SeriesSource } from "../../core/promql/types";
import { distinctLabelSets, mergeSplitSeries } from "../../core/shard-map/merge-series";
import type { ShardReply } from "./shard-rpc";
import type { Env } from "../env";
import { metadataObjects, metricReadParts, type ReadPart } from "./shards";
import { BUDGETS } from "./budgets";

/** A query that would load more than a shard allows; the query API answers it as a 422 execution error. */
export class QueryLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueryLimitError";
  }
}

export type MetricMetadataEntry = { type: string; help: string; unit: string };

export type ShardedSeriesSource = SeriesSource & {
  series(matcherSets: LabelMatcher[][], start: number, end: number): Promise<Labels[]>;
  labelNames(matcherSets: LabelMatcher[][], start: number, end: number): Promise<string[]>;
  labelValues(name: string, matcherSets: LabelMatcher[][], start: number, end: number): Promise<string[]>;
  metadata(metric?: string, limit?: number): Promise<Record<string, MetricMetadataEntry[]>>;
};

/** A query the shards refuse as malformed (e.g. an invalid regex); the query API answers it as bad_data. */
export class QueryInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueryInputError";
  }
}

async function fanOut<T>(
  parts: Pick<ReadPart, "stub" | "start" | "end">[],
  call: (part: Pick<ReadPart, "stub" | "start" | "end">) => Promise<ShardReply<T>>,
): Promise<T[]> {
  const replies = (await Promise.all(parts.map(call))) as ShardReply<T>[];
  return replies.map((r) => {
    if (r.error === undefined) return r.value;
    throw r.limit ? new QueryLimitError(r.error) : new QueryInputError(r.error);
  });
}

function sortedUnion(parts: string[][]): string[] {
  return [...new Set(parts.flat())].sort();
}

/** Raw series from every shard, page by page, within the query's byte budget in the Worker. */
async function selectPaged(env: Env, matchers: LabelMatcher[], hints: SelectHints, maxBytes: number) {
  const parts = await metricReadParts(env, hints.start, hints.end);
  const out: RawSeries[] = [];
  let bytes = 0;
  await Promise.all(
    parts.map(async ({ stub, start, end }) => {
      let after: number | undefined;
      for (;;) {
        const r = await stub.selectPage(matchers, start, end, { after, maxBytes: BUDGETS.rawPageBytes });
        if (r.error !== undefined) throw r.limit ? new QueryLimitError(r.error) : new QueryInputError(r.error);
        for (const s of r.value.series) {
          bytes += 16 * s.timestamps.length + 256;
          // A histogram sample: its fields and buckets (core/histogram/float-histogram.ts).
          for (const h of s.histograms ?? [])
            if (h) bytes += 160 + 8 * (h.positiveBuckets.length + h.negativeBuckets.length + h.customValues.length);
          out.push(s);
        }
        if (bytes > maxBytes)
          throw new QueryLimitError(
            `query limit exceeded: the raw samples of ${describeMatchers(matchers)} need more than ${Math.round(maxBytes / 1048576)} MiB in the Worker; aggregate them (sum by, rate), narrow the matchers, shorten the time range or raise the step`,
          );
        if (r.value.next === null) return;
        after = r.value.next;
      }
    }),
  );
  return mergeSplitSeries(out);
}

function describeMatchers(ms: LabelMatcher[]): string {
  return `{${ms.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(", ")}}`;
}

export function shardedSeriesSource(env: Env, opts: { maxBytes?: number } = {}): ShardedSeriesSource {
  return {
    async select(matchers: LabelMatcher[], hints: SelectHints): Promise<RawSeries[]> {
      return selectPaged(env, matchers, hints, opts.maxBytes ?? BUDGETS.workerQueryBytes);
    },
    async series(matcherSets, start, end) {
      const parts = await fanOut(
        await metricReadParts(env, start, end),
        (p) => p.stub.series(matcherSets, p.start, p.end) as Promise<ShardReply<Labels[]>>,
      );
      return distinctLabelSets(parts.flat());
    },
    async labelNames(matcherSets, start, end) {
      return sortedUnion(
        await fanOut(await metricReadParts(env, start, end), (p) => p.stub.labelNames(matcherSets, p.start, p.end)),
      );
    },
    async labelValues(name, matcherSets, start, end) {
      return sortedUnion(
        await fanOut(await metricReadParts(env, start, end), (p) =>
          p.stub.labelValues(name, matcherSets, p.start, p.end),
        ),
      );
    },
    async metadata(metric, limit) {
      const objects = (await metadataObjects(env)).map((stub) => ({ stub, start: 0, end: 0 }));
      const parts = await fanOut(objects, (p) => p.stub.metadata(metric, limit));
      const out: Record<string, MetricMetadataEntry[]> = {};
      for (const row of parts.flat().sort((a, b) => (a.metric < b.metric ? -1 : 1))) {
        if (limit !== undefined && !(row.metric in out) && Object.keys(out).length >= limit) break;
        const entries = (out[row.metric] ??= []);
        // A metric's metadata moves home with the shard count too: the same entry from two objects is listed once.
        if (!entries.some((e) => e.type === row.type && e.help === row.help && e.unit === row.unit))
          entries.push({ type: row.type, help: row.help, unit: row.unit });
      }
      return out;
    },
  };
}
