import { type Matcher, matcherMatches } from "../alerting/muting";
import type { Labels } from "../alerting/types";

/**
 * An inhibition rule with Alertmanager's semantics (config `inhibit_rules`): while an alert matching every
 * source matcher fires, alerts matching every target matcher that carry the same values for the `equal`
 * labels are held (no notification), though they still fire and say which alert holds them.
 */
export interface InhibitRule {
  id: string;
  sourceMatchers: Matcher[];
  targetMatchers: Matcher[];
  equal: string[];
}

/** An open alert (firing, or nodata: firing whose data stopped) that may inhibit others. */
export interface InhibitSource {
  id: string;
  labels: Labels;
  monitorId?: string;
}

/** What a monitor check needs to decide inhibition: every rule and the firing alerts that could be sources. */
export interface Inhibition {
  rules: InhibitRule[];
  sources: InhibitSource[];
}

const all = (ms: Matcher[], labels: Labels) => ms.every((m) => matcherMatches(m, labels));

/**
 * The firing alerts that inhibit `target`, in rule order, without repeats. As in Alertmanager:
 * - a missing label equals the empty string, so two alerts both without an `equal` label are equal on it;
 * - an alert never inhibits itself, and when the target matches the source side too, sources that also
 *   match the target side are disregarded (two alerts matching both sides must not hold each other).
 * Alertmanager reports one inhibitor per alert; Vigil reports all, so the alert page can name each.
 */
export function inhibitorsOf(
  target: InhibitSource,
  rules: readonly InhibitRule[],
  sources: readonly InhibitSource[],
): string[] {
  const out = new Set<string>();
  for (const r of rules) {
    if (!all(r.targetMatchers, target.labels)) continue;
    const twoSided = all(r.sourceMatchers, target.labels);
    for (const s of sources) {
      if (s.id === target.id || out.has(s.id)) continue;
      if (!all(r.sourceMatchers, s.labels)) continue;
      if (!r.equal.every((n) => (s.labels[n] ?? "") === (target.labels[n] ?? ""))) continue;
      if (twoSided && all(r.targetMatchers, s.labels)) continue;
      out.add(s.id);
    }
  }
  return [...out];
}

/** Only alerts matching some rule's source side can inhibit: the rest need not be kept or scanned. */
export function possibleSources<S extends InhibitSource>(rules: readonly InhibitRule[], alerts: readonly S[]): S[] {
  return alerts.filter((a) => rules.some((r) => all(r.sourceMatchers, a.labels)));
}
