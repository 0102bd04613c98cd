// Aggregation of an instant vector holding native histograms (Prometheus v2.53 aggregation()): sum and avg
// add histograms per group, and a group mixing floats with histograms yields nothing (an annotation there);
// count and group count histogram samples like floats; the other operators read the floats only.
import type { FloatHistogram } from "../histogram/float-histogram";
import { addHistograms, compactHistogram } from "../histogram/ops";
import type { Aggregate } from "./ast";
import { aggregate, groupLabels } from "./aggregate";
import { labelsKey } from "./labels";
import { meanHistograms } from "./native-functions";
import type { Labels } from "./types";
import type { Sample } from "./value";

interface HistogramGroup {
  labels: Labels;
  floats: Sample[];
  hs: FloatHistogram[];
}

export function aggregateWithHistograms(
  node: Aggregate,
  input: Sample[],
  param: number | string | undefined,
  /** Told when a sum or avg group mixes floats with histograms (the group answers nothing). */
  onMixed?: () => void,
): Sample[] {
  const { op } = node;
  if (op === "count" || op === "group") return aggregate(node, input, param);
  if (op !== "sum" && op !== "avg")
    return aggregate(
      node,
      input.filter((s) => !s.h),
      param,
    );
  const groups = new Map<string, HistogramGroup>();
  for (const s of input) {
    const labels = groupLabels(s.labels, node.grouping, node.without);
    const key = labelsKey(labels);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels, floats: [], hs: [] }));
    if (s.h) g.hs.push(s.h);
    else g.floats.push(s);
  }
  const floats: Sample[] = [];
  const out: Sample[] = [];
  for (const g of groups.values()) {
    if (g.hs.length === 0) floats.push(...g.floats);
    else if (g.floats.length === 0) {
      const h = op === "sum" ? compactHistogram(g.hs.reduce(addHistograms)) : meanHistograms(g.hs);
      out.push({ labels: g.labels, v: 0, h });
    } else onMixed?.();
  }
  return [...aggregate(node, floats, param), ...out];
}
