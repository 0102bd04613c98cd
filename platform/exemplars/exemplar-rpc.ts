// The ExemplarStore's RPC surface (`durable/exemplar-store/`): a few objects, each owning the exemplars of the
// series that hash to it, in a bounded buffer like Prometheus' circular exemplar storage.
import type { Exemplar, ExemplarWriteResult } from "../../core/exemplars/model";
import type { LabelMatcher } from "../../core/promql/types";

/** One series' exemplars, the series named by its canonical key (core/tsdb/labels seriesKey). */
export interface KeyedExemplars {
  key: string;
  exemplars: Exemplar[];
}

export interface ExemplarStoreRpc extends Rpc.DurableObjectBranded {
  /** Keep the exemplars, oldest first per series; out-of-order and duplicate ones are counted, not kept. */
  append(batch: KeyedExemplars[]): Promise<ExemplarWriteResult>;
  /** The exemplars in [start, end] (ms) of series matching any matcher set, each series' in time order. */
  select(sets: LabelMatcher[][], start: number, end: number): Promise<KeyedExemplars[]>;
}
