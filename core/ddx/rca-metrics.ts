// RCAEval's accuracy metrics (Pham et al., "RCAEval", WWW'25 companion): for cases A, ranked list R_a and true
// root causes V_a, AC@k = 1/|A| sum_a sum_{i<k} [R_a[i] in V_a] / min(k, |V_a|); Avg@k = mean of AC@1..AC@k.

export interface RcaCase {
  ranked: string[];
  truth: string[];
}

export function acAtK(cases: RcaCase[], k: number): number {
  if (!cases.length) return 0;
  let sum = 0;
  for (const c of cases) {
    const truth = new Set(c.truth);
    const hits = c.ranked.slice(0, k).filter((r) => truth.has(r)).length;
    sum += hits / Math.min(k, truth.size);
  }
  return sum / cases.length;
}

export function avgAtK(cases: RcaCase[], k = 5): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += acAtK(cases, i);
  return s / k;
}

/** Expected AC@k of a uniformly random ranking over M candidates with |V| true causes: min(k,M)/M per cause, capped. */
export function randomAcAtK(cases: { candidates: number; truth: number }[], k: number): number {
  if (!cases.length) return 0;
  let s = 0;
  for (const c of cases) {
    const expectedHits = (Math.min(k, c.candidates) * c.truth) / Math.max(1, c.candidates);
    s += Math.min(1, expectedHits / Math.min(k, c.truth));
  }
  return s / cases.length;
}
