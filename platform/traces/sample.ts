// Span sampling for Trace DDx: a uniform sample of the spans matching a filter, with the exact match
// count, at bounded cost per shard whatever the window (see durable/trace-shard/sample-query.ts).
import type { AttrMatcher } from "../../core/scope/trace-scope";
import type { SampledSpan } from "../../core/traces/contracts";
import { mergeSamples, seededRng } from "../../core/traces/reservoir";
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
  const parts = await Promise.all(allTraceShards(env).map((s, i) => s.sample({ ...req, seed: seed + i })));
  const totalMatched = parts.reduce((n, p) => n + p.totalMatched, 0);
  const spans = mergeSamples(
    parts.map((p) => ({ items: p.spans, matched: p.totalMatched })),
    limit,
    seededRng(seed),
  );
  return { spans, totalMatched };
}
