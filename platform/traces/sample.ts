// Span sampling for Trace DDx: a uniform sample of the spans matching a filter, with the exact match
// count, at bounded cost per shard whatever the window (see durable/trace-shard/sample-query.ts).
import type { AttrMatcher } from "../../core/scope/trace-scope";
import type { SampledSpan } from "../../core/traces/contracts";
import { allocateSample, pickUniform, seededRng } from "../../core/traces/reservoir";
import type { Env } from "../env";
import { allTraceShards } from "./shards";

export interface SampleSpansOptions {
  service?: string;
  operation?: string;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  /** Pinned scope and any other attribute filters (see core/scope/trace-scope.ts). */
  scope?: AttrMatcher[];
  where?: "error" | "ok" | "all";
  minDurationMs?: number;
  maxDurationMs?: number;
  limit: number;
  /** Fixes the sample for reproducible comparisons; random when absent. */
  seed?: number;
}

export async function sampleSpans(
  env: Env,
  o: SampleSpansOptions,
): Promise<{ spans: SampledSpan[]; totalMatched: number }> {
  const limit = Math.max(1, Math.min(10_000, Math.floor(o.limit)));
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 31);
  const req = {
    startUs: Math.floor(o.start * 1000),
    endUs: Math.floor(o.end * 1000),
    service: o.service,
    operation: o.operation,
    status: o.where === "error" || o.where === "ok" ? o.where : undefined,
    minDurationUs: o.minDurationMs !== undefined ? Math.round(o.minDurationMs * 1000) : undefined,
    maxDurationUs: o.maxDurationMs !== undefined ? Math.round(o.maxDurationMs * 1000) : undefined,
    matchers: o.scope ?? [],
    limit,
    seed,
  };
  const shards = allTraceShards(env);
  // Each shard first sends a little over an even share (trace ids spread spans evenly); the exact share of each
  // is then drawn from the match counts, and only a shard holding more than it sent is asked again. Every shard
  // sending the whole limit would make the shards walk, and the RPC carry, shards x the sample.
  const even = shards.length === 1 ? limit : Math.min(limit, Math.ceil((1.2 * limit) / shards.length) + 16);
  const ask = (i: number, n: number) => shards[i].sample({ ...req, limit: n, seed: seed + i });
  let parts = await Promise.all(shards.map((_, i) => ask(i, even)));
  const rng = seededRng(seed);
  const quota = allocateSample(
    parts.map((p) => p.totalMatched),
    limit,
    rng,
  );
  parts = await Promise.all(
    parts.map((p, i) =>
      quota[i] > p.spans.length && p.spans.length < p.totalMatched ? ask(i, Math.min(10_000, quota[i])) : p,
    ),
  );
  const totalMatched = parts.reduce((n, p) => n + p.totalMatched, 0);
  const spans = parts.flatMap((p, i) => pickUniform(p.spans, quota[i], rng));
  return { spans, totalMatched };
}
