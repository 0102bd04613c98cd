// Trace DDx at the edge: bounded reservoir samples per side from the trace shards, ranked in core.
import type { TimeRange, TraceDdxRequest } from "../../core/ddx/contracts";
import type { ChangeLink } from "../../core/ddx/changes";
import { rankTraces } from "../../core/ddx/trace-ddx";
import type { AttributeStat, SpanSample, TraceDdxResult } from "../../core/ddx/trace-types";
import { resolveBaseline, validateWindows } from "../../core/ddx/windows";
import type { Env } from "../env";
import { mapScopeKey } from "../../core/scope/trace-scope";
import { type SampleSide, sampleSpanSides } from "../traces/sample";
import { linkChanges } from "./metrics";

export interface TraceDdxSnapshot {
  kind: "vigil.ddx.traces";
  /** 2: rows carry divergence, rankedBy, time, population, kind, symptom and reason. */
  version: 2;
  createdAt: number;
  input: TraceDdxRequest & { resolved: { window: TimeRange; baseline: TimeRange } };
  output: TraceDdxResult & { ranked: (AttributeStat & { change?: ChangeLink })[]; warnings: string[] };
}

type Where = "error" | "ok" | "all";

export async function runTraceDdx(env: Env, req: TraceDdxRequest, now = Date.now()): Promise<TraceDdxSnapshot> {
  const baseline = resolveBaseline(req.window, req.baseline);
  validateWindows(req.window, baseline);
  // The pinned scope speaks metric label names (environment, region); spans store OTel keys.
  const scope = req.scope.map((m) => ({ key: mapScopeKey(m.name), op: m.op, value: m.value }));
  // A fixed seed keeps a repeated DDx (and its notebook snapshot) reproducible.
  const base = { service: req.service, operation: req.operation, scope, limit: req.sampleSize, seed: 0x5eed };
  // Sides that share a window are read together: each shard walks that window once for both.
  const sides = (r: TimeRange, list: SampleSide[]): Promise<SpanSample[]> =>
    sampleSpanSides(env, { ...base, start: r.start, end: r.end }, list);
  const sample = async (r: TimeRange, where: Where): Promise<SpanSample> => (await sides(r, [{ where }]))[0];
  let pair: Promise<SpanSample[]>;
  // The baseline is read as the same two sides as the window: each value's error rate (slow share) before needs
  // the baseline's error spans, which a sample of all spans would hold a handful of at a 0.3% error rate.
  let before: Promise<SpanSample[]> | undefined;
  if (req.comparison === "errors") {
    const split: SampleSide[] = [{ where: "error" }, { where: "ok" }];
    pair = sides(req.window, split);
    before = sides(baseline, split);
  } else if (req.comparison === "slow") {
    const split: SampleSide[] = [{ minDurationMs: req.thresholdMs }, { maxDurationMs: req.thresholdMs }];
    pair = sides(req.window, split);
    before = sides(baseline, split);
  } else {
    pair = Promise.all([sample(req.window, req.status), sample(baseline, req.status)]);
  }
  const [[t, o], b] = await Promise.all([pair, before]);
  const result = rankTraces({
    comparison: req.comparison,
    target: t,
    other: o,
    beforeSides: b ? { target: b[0], other: b[1] } : undefined,
    top: req.top,
  });
  const warnings: string[] = [];
  if (t.spans.length === 0)
    warnings.push(
      `no ${req.comparison === "errors" ? "error" : req.comparison === "slow" ? "slow" : ""} spans matched in the window`.replace(
        "  ",
        " ",
      ),
    );
  if (o.spans.length === 0) warnings.push("no spans on the comparison side: every value counts as new");
  const ranked: (AttributeStat & { change?: ChangeLink; newInWindow?: boolean })[] = result.ranked.map((r) => ({
    ...r,
  }));
  if (req.changeEvents && ranked.length) await linkChanges(env, ranked, baseline.start, req.window.end);
  return {
    kind: "vigil.ddx.traces",
    version: 2,
    createdAt: now,
    input: { ...req, resolved: { window: req.window, baseline } },
    output: { ...result, ranked, warnings },
  };
}
