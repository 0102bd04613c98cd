// Runs DDx and the two floor baselines over the fault-injection scenarios, in memory or through a live Vigil.
import { nSigmaRank, robustRank } from "../../core/ddx/baselines";
import { rankMetrics } from "../../core/ddx/metric-ddx";
import { acAtK, avgAtK, randomAcAtK, type RcaCase } from "../../core/ddx/rca-metrics";
import { rateGrid, sampleCounts } from "../../test/fixtures/ddx/synthetic";
import type { GridWindow } from "../../core/ddx/types";
import { BASELINE, MIN, WINDOW, type Scenario } from "./generator";

export const STEP = 30_000;

export interface MethodScores {
  "AC@1": number;
  "AC@3": number;
  "Avg@5": number;
}

export interface AccuracyReport {
  mode: "in-memory" | "ingest";
  scenarios: number;
  kinds: Record<string, number>;
  methods: Record<string, MethodScores>;
  random: { "AC@1": number; "AC@3": number; "Avg@5": number; meanCandidates: number };
  misses: { id: string; truth: string[]; top3: string[] }[];
  /** AC@1 per scenario kind and method. */
  byKind: Record<string, Record<string, number>>;
}

/** Grids DDx sees (rate per step) for a scenario, sampled once so all methods see the same data. */
export function scenarioGrids(s: Scenario, seed: number): { window: GridWindow; baseline: GridWindow } {
  const sampled = sampleCounts(s.series, BASELINE.start - 5 * MIN, WINDOW.end, STEP, seed);
  return {
    window: rateGrid(s.series, sampled, WINDOW.start, WINDOW.end, STEP),
    baseline: rateGrid(s.series, sampled, BASELINE.start, BASELINE.end, STEP),
  };
}

const key = (r: { label: string; value: string }) => `${r.label}=${r.value}`;

function scores(cases: RcaCase[]): MethodScores {
  return { "AC@1": acAtK(cases, 1), "AC@3": acAtK(cases, 3), "Avg@5": avgAtK(cases, 5) };
}

/** `ddxRanked` lets the ingest mode supply DDx's ranking from the live API; baselines always run on the grids. */
export async function evaluate(
  scenarios: Scenario[],
  mode: AccuracyReport["mode"],
  ddxRanked?: (s: Scenario) => Promise<string[]>,
): Promise<AccuracyReport> {
  const cases: Record<string, RcaCase[]> = { ddx: [], "n-sigma": [], "median-iqr": [] };
  const random: { candidates: number; truth: number }[] = [];
  const misses: AccuracyReport["misses"] = [];
  const kinds: Record<string, number> = {};
  for (const [i, s] of scenarios.entries()) {
    kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
    const { window, baseline } = scenarioGrids(s, 100 + i);
    const ddx = ddxRanked
      ? await ddxRanked(s)
      : rankMetrics(window, baseline, { top: 20, symptomLabels: s.symptomLabels }).ranked.map(key);
    cases.ddx.push({ ranked: ddx, truth: s.culprits });
    cases["n-sigma"].push({ ranked: nSigmaRank(window, baseline).map(key), truth: s.culprits });
    const robust = robustRank(window, baseline);
    cases["median-iqr"].push({ ranked: robust.map(key), truth: s.culprits });
    random.push({ candidates: robust.length, truth: s.culprits.length });
    if (!s.culprits.includes(ddx[0])) misses.push({ id: s.id, truth: s.culprits, top3: ddx.slice(0, 3) });
  }
  const byKind: AccuracyReport["byKind"] = {};
  for (const kind of Object.keys(kinds)) {
    byKind[kind] = Object.fromEntries(
      Object.entries(cases).map(([m, c]) => [
        m,
        acAtK(
          c.filter((_, i) => scenarios[i].kind === kind),
          1,
        ),
      ]),
    );
  }
  return {
    mode,
    byKind,
    scenarios: scenarios.length,
    kinds,
    methods: Object.fromEntries(Object.entries(cases).map(([m, c]) => [m, scores(c)])),
    random: {
      "AC@1": randomAcAtK(random, 1),
      "AC@3": randomAcAtK(random, 3),
      "Avg@5": [1, 2, 3, 4, 5].reduce((s, k) => s + randomAcAtK(random, k), 0) / 5,
      meanCandidates: random.reduce((s, r) => s + r.candidates, 0) / Math.max(1, random.length),
    },
    misses,
  };
}
