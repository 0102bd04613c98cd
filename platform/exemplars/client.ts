// Writing and reading exemplars across the ExemplarStore objects: a series' exemplars live in the store its
// canonical key hashes to, so out-of-order checks see all of them; reads ask every store and merge.
import {
  addResults,
  emptyWriteResult,
  type ExemplarWriteResult,
  type SeriesExemplars,
} from "../../core/exemplars/model";
import type { LabelMatcher, Labels } from "../../core/promql/types";
import { labelsFromKey, seriesKey, shardOf } from "../../core/tsdb/labels";
import type { Env } from "../env";
import type { KeyedExemplars } from "./exemplar-rpc";
import { EXEMPLAR_STORES, EXEMPLARS_PER_CALL } from "./limits";

function store(env: Env, i: number) {
  return env.EXEMPLAR_STORE.get(env.EXEMPLAR_STORE.idFromName(`exemplars-${i}`));
}

export async function writeExemplars(env: Env, series: SeriesExemplars[]): Promise<ExemplarWriteResult> {
  const perStore = Array.from({ length: EXEMPLAR_STORES }, () => [] as KeyedExemplars[]);
  for (const s of series) {
    if (s.exemplars.length === 0) continue;
    const key = seriesKey(s.series);
    perStore[shardOf(key, EXEMPLAR_STORES)].push({ key, exemplars: s.exemplars });
  }
  const results = await Promise.all(
    perStore.map(async (part, i) => {
      let total = emptyWriteResult();
      let batch: KeyedExemplars[] = [];
      let n = 0;
      for (const s of part) {
        batch.push(s);
        n += s.exemplars.length;
        if (n >= EXEMPLARS_PER_CALL) {
          total = addResults(total, await store(env, i).append(batch));
          batch = [];
          n = 0;
        }
      }
      if (batch.length) total = addResults(total, await store(env, i).append(batch));
      return total;
    }),
  );
  return results.reduce(addResults, emptyWriteResult());
}

/** Prometheus' labels.Compare: pair by pair in name order, name then value; a prefix sorts first. */
function compareLabels(a: Labels, b: Labels): number {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    if (a[ka[i]] !== b[kb[i]]) return a[ka[i]] < b[kb[i]] ? -1 : 1;
  }
  return ka.length - kb.length;
}

export interface ExemplarSeries {
  seriesLabels: Labels;
  exemplars: { labels: Labels; value: number; ts: number }[];
}

/** Exemplars of every series matching any set, in [start, end] (ms), sorted by series labels as Prometheus does. */
export async function selectExemplars(
  env: Env,
  sets: LabelMatcher[][],
  start: number,
  end: number,
): Promise<ExemplarSeries[]> {
  const parts = await Promise.all(
    Array.from({ length: EXEMPLAR_STORES }, (_, i) => store(env, i).select(sets, start, end)),
  );
  const out = parts.flat().map((s) => ({ seriesLabels: labelsFromKey(s.key), exemplars: s.exemplars }));
  return out.sort((a, b) => compareLabels(a.seriesLabels, b.seriesLabels));
}
