// An index over muting rules so a check costs the rules that could match an alert, not every rule.
// A rule is filed under its monitor ("this monitor" rules), else under one of its equality matchers with a
// non-empty value (an alert can only match if it carries exactly that label value), else in a short list
// every alert scans (rules made only of regex or negative matchers).

interface IndexableRule {
  monitorId: string | null;
  matchers: { name: string; op: string; value: string }[];
}

export interface MuteIndex<R extends IndexableRule> {
  byMonitor: Map<string, R[]>;
  byLabel: Map<string, R[]>;
  scan: R[];
  size: number;
}

const key = (name: string, value: string) => `${name}\u0000${value}`;

function push<R>(m: Map<string, R[]>, k: string, r: R): void {
  const list = m.get(k);
  if (list) list.push(r);
  else m.set(k, [r]);
}

export function buildMuteIndex<R extends IndexableRule>(rules: readonly R[]): MuteIndex<R> {
  const idx: MuteIndex<R> = { byMonitor: new Map(), byLabel: new Map(), scan: [], size: rules.length };
  for (const r of rules) {
    if (r.monitorId !== null) {
      push(idx.byMonitor, r.monitorId, r);
      continue;
    }
    const eq = r.matchers.find((m) => m.op === "=" && m.value !== "");
    if (eq) push(idx.byLabel, key(eq.name, eq.value), r);
    else idx.scan.push(r);
  }
  return idx;
}

/** Every rule that could match this alert (a superset: the caller still tests each one). */
export function candidates<R extends IndexableRule>(
  idx: MuteIndex<R>,
  alert: { monitorId: string; labels: Record<string, string> },
): R[] {
  const out: R[] = [...(idx.byMonitor.get(alert.monitorId) ?? []), ...idx.scan];
  for (const [name, value] of Object.entries(alert.labels)) {
    const hit = idx.byLabel.get(key(name, value));
    if (hit) out.push(...hit);
  }
  return out;
}

const cache = new WeakMap<readonly IndexableRule[], MuteIndex<IndexableRule>>();

/** The index of a rules array, built once per array (a check's rules are one array shared by all its alerts). */
export function indexOf<R extends IndexableRule>(rules: readonly R[]): MuteIndex<R> {
  let idx = cache.get(rules) as MuteIndex<R> | undefined;
  if (!idx) {
    idx = buildMuteIndex(rules);
    cache.set(rules, idx as MuteIndex<IndexableRule>);
  }
  return idx;
}
