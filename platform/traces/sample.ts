// Span sampling for Trace DDx: uniform samples of the spans matching a filter, with the exact match counts, at
// bounded cost per shard whatever the window (see durable/trace-shard/sample-query.ts). The sides of a comparison
// that share a filter (error and ok spans of one window) are parts of one request: each shard reads them together.
import { type AttrValue, attrToString } from "../../core/otlp/traces/otlp-values";
import type { AttrMatcher } from "../../core/scope/trace-scope";
import type { SampledSpan, SamplePart } from "../../core/traces/contracts";
import { allocateSample, pickUniform, seededRng } from "../../core/traces/reservoir";
import type { Env } from "../env";
import type { ShardSample } from "./shard-rpc";
import { traceShardsFor } from "./shards";

export interface SampleFilter {
  service?: string;
  operation?: string;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  /** Pinned scope and any other attribute filters (see core/scope/trace-scope.ts). */
  scope?: AttrMatcher[];
  limit: number;
  /** Fixes the sample for reproducible comparisons; random when absent. */
  seed?: number;
}

export interface SampleSide {
  where?: "error" | "ok" | "all";
  minDurationMs?: number;
  maxDurationMs?: number;
}

export type SampleSpansOptions = SampleFilter & SampleSide;

export interface SpanSampleResult {
  spans: SampledSpan[];
  totalMatched: number;
}

export async function sampleSpans(env: Env, o: SampleSpansOptions): Promise<SpanSampleResult> {
  return (await sampleSpanSides(env, o, [o]))[0];
}

/** One uniform sample (of `o.limit` spans) per side, each side being the filter narrowed by its own condition. */
export async function sampleSpanSides(env: Env, o: SampleFilter, sides: SampleSide[]): Promise<SpanSampleResult[]> {
  const limit = Math.max(1, Math.min(10_000, Math.floor(o.limit)));
  const seed = o.seed ?? Math.floor(Math.random() * 2 ** 31);
  const req = {
    startUs: Math.floor(o.start * 1000),
    endUs: Math.floor(o.end * 1000),
    service: o.service,
    operation: o.operation,
    matchers: o.scope ?? [],
    seed,
  };
  const parts: Omit<SamplePart, "limit">[] = sides.map((s) => ({
    status: s.where === "error" || s.where === "ok" ? s.where : undefined,
    minDurationUs: s.minDurationMs !== undefined ? Math.round(s.minDurationMs * 1000) : undefined,
    maxDurationUs: s.maxDurationMs !== undefined ? Math.round(s.maxDurationMs * 1000) : undefined,
  }));
  const shards = await traceShardsFor(env, req.startUs, req.endUs);
  // Each shard first sends a little over an even share (trace ids spread spans evenly); the exact share of each
  // is then drawn from the match counts, and only a shard holding more than it sent is asked again. Every shard
  // sending the whole limit would make the shards walk, and the RPC carry, shards x the sample. A shard's share
  // of an even split is hypergeometric, with a standard deviation under sqrt(limit p (1 - p)): 4 of them above
  // the mean leave a second round trip to shards that really hold more.
  const share = 1 / shards.length;
  const even =
    shards.length === 1
      ? limit
      : Math.min(limit, Math.ceil(limit * share + 4 * Math.sqrt(limit * share * (1 - share))) + 16);
  const ask = (i: number, which: number[], n: (p: number) => number) =>
    shards[i].sample({ ...req, parts: which.map((p) => ({ ...parts[p], limit: n(p) })), seed: seed + i });
  const all = sides.map((_, p) => p);
  // got[shard][side]
  const got = await Promise.all(shards.map((_, i) => ask(i, all, () => even)));
  // Each side draws its shares with its own generator, as a lone sample of it would.
  const rngs = sides.map(() => seededRng(seed));
  const quotas = sides.map((_, p) =>
    allocateSample(
      got.map((g) => g[p].totalMatched),
      limit,
      rngs[p],
    ),
  );
  await Promise.all(
    got.map(async (g, i) => {
      const short = all.filter((p) => quotas[p][i] > g[p].attrs.length && g[p].attrs.length < g[p].totalMatched);
      if (!short.length) return;
      // A shard short of its first ask (its thinned walk fell under the sample, rare but deterministic for a seed)
      // would fall short again on the same margin: the top-up asks with room to spare, and the pick below
      // still takes exactly the quota.
      const more = await ask(i, short, (p) =>
        Math.min(10_000, g[p].attrs.length < even ? Math.ceil(1.5 * quotas[p][i]) + 100 : quotas[p][i]),
      );
      short.forEach((p, j) => {
        g[p] = more[j];
      });
    }),
  );
  return sides.map((_, p) => ({
    totalMatched: got.reduce((n, g) => n + g[p].totalMatched, 0),
    spans: got.flatMap((g, i) => {
      const s = g[p];
      const keep = pickUniform(
        s.attrs.map((_, k) => k),
        quotas[p][i],
        rngs[p],
      );
      return keep.map((k) => toSpan(s, k));
    }),
  }));
}

function toSpan(s: ShardSample, k: number): SampledSpan {
  const attributes: Record<string, string> = { ...s.resources[s.resource[k]] };
  const own = JSON.parse(s.attrs[k]) as Record<string, AttrValue>;
  for (const key in own) attributes[key] = attrToString(own[key]);
  return { attributes, error: s.error[k], durationMs: s.durationMs[k] };
}
