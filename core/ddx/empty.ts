// When no value stands out, say why: an empty answer without a reason reads as "nothing is wrong".
import { num } from "./explain";
import type { Words } from "./reasons";
import type { LabelTable } from "./types";

export function emptyReason(c: {
  scope: { window: number; baseline: number; z: number; direction: 1 | -1 };
  words: Words;
  labels: LabelTable[];
  windowSeries: number;
}): string {
  const { scope, words: w } = c;
  if (c.windowSeries === 0) return "No series matched in the window.";
  if (c.labels.length === 0)
    return "Every series carries the same labels (after the scope and the query's own matchers): there is nothing to tell apart.";
  const moved = `${w.rate} ${scope.direction > 0 ? "rose" : "fell"} from ${w.fmt(scope.baseline)} to ${w.fmt(scope.window)}`;
  const shifts = c.labels.flatMap((l) =>
    l.values.filter((v) => v.kind === "traffic-shift").map((v) => `${l.label}=${v.value}`),
  );
  if (Math.abs(scope.z) >= 3 && c.labels.every((l) => l.movedAlike))
    return `The ${moved} (${num(Math.abs(scope.z))} standard errors) alike across every label: no label value localises it (a shared cause such as a dependency, or a label the series do not carry).`;
  if (shifts.length)
    return `Traffic shifted (${shifts.slice(0, 3).join(", ")}) at an unchanged ${w.rate}: a traffic shift is not a cause. The ${w.rate} is ${w.fmt(scope.window)} now vs ${w.fmt(scope.baseline)} in the baseline.`;
  if (Math.abs(scope.z) >= 3)
    return `The ${moved}, but no value's change stands out from the noise: try a longer window or a label filter.`;
  return `The ${w.rate} is unchanged (${w.fmt(scope.window)} now, ${w.fmt(scope.baseline)} in the baseline) and no value's ${w.rate} differs from the rest's at the same time.`;
}
