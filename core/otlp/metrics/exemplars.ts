// OTLP exemplars -> Prometheus exemplars, as Prometheus' OTLP translator does: `trace_id` and `span_id` as hex
// labels, then the filtered attributes only if the whole set stays within 128 runes. A histogram's exemplar
// belongs to the first bucket whose upper bound holds its value (+Inf for the rest).
import { EXEMPLAR_MAX_LABEL_RUNES, type Exemplar, labelRunes } from "../../exemplars/model";
import type { Labels } from "../../promql/types";
import { flattenAttributes } from "../common/flatten";
import { nanosToMillis } from "../common/int64";
import type { OtlpExemplar } from "./model";

export function promExemplar(x: OtlpExemplar): Exemplar {
  const labels: Labels = {};
  if (x.traceId && !/^0+$/.test(x.traceId)) labels.trace_id = x.traceId;
  if (x.spanId && !/^0+$/.test(x.spanId)) labels.span_id = x.spanId;
  const attrs = flattenAttributes(x.filteredAttributes);
  if (labelRunes(labels) + labelRunes(attrs) <= EXEMPLAR_MAX_LABEL_RUNES)
    for (const [k, v] of Object.entries(attrs)) if (!(k in labels)) labels[k] = v;
  return { labels, value: x.value, ts: nanosToMillis(x.timeNs) };
}

/** Index of the bucket an exemplar's value falls in: the first bound >= value, else the +Inf bucket. */
export function bucketOf(value: number, bounds: number[]): number {
  for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]) return i;
  return bounds.length;
}
