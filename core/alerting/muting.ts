import { type AnchoredRegex, compileAnchored } from "../promql/regex";
import { candidates, indexOf } from "../oncall/mute-index";
import { inTimeIntervals, type TimeInterval } from "../oncall/time-intervals";
import type { Labels } from "./types";

export type MatcherOp = "=" | "!=" | "=~" | "!~";
export interface Matcher {
  name: string;
  op: MatcherOp;
  value: string;
}

export interface MuteRule {
  id: string;
  matchers: Matcher[];
  /** "This monitor": the rule covers every alert of one monitor, whatever its labels. */
  monitorId: string | null;
  startsAt: number;
  endsAt: number;
  /** Recurring windows (Alertmanager time_intervals): inside its lifetime the rule only holds inside these. */
  timeIntervals?: TimeInterval[] | null;
}

export type MuteStatus = "scheduled" | "active" | "expired";

/** What a rule is matched against: the alert's labels (signal labels, monitor labels, `monitor`, `severity`). */
export interface MutableAlert {
  monitorId: string;
  labels: Labels;
}

const regexCache = new Map<string, AnchoredRegex | null>();

/** Alertmanager semantics: regexes are Go RE2, fully anchored; an invalid regex matches nothing. */
function anchored(src: string): AnchoredRegex | null {
  let re = regexCache.get(src);
  if (re === undefined) {
    try {
      re = compileAnchored(src);
    } catch {
      re = null;
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(src, re);
  }
  return re;
}

export function isValidRegex(src: string): boolean {
  return anchored(src) !== null;
}

export function matcherMatches(m: Matcher, labels: Labels): boolean {
  const v = labels[m.name] ?? "";
  switch (m.op) {
    case "=":
      return v === m.value;
    case "!=":
      return v !== m.value;
    case "=~":
      return anchored(m.value)?.test(v) ?? false;
    case "!~":
      return !(anchored(m.value)?.test(v) ?? false);
  }
}

export function ruleMatches(rule: MuteRule, alert: MutableAlert): boolean {
  if (rule.monitorId !== null && rule.monitorId !== alert.monitorId) return false;
  if (rule.monitorId === null && rule.matchers.length === 0) return false;
  return rule.matchers.every((m) => matcherMatches(m, alert.labels));
}

/** A recurring rule between its windows is "scheduled": it will hold again at its next window. */
export function muteStatus(rule: Pick<MuteRule, "startsAt" | "endsAt" | "timeIntervals">, now: number): MuteStatus {
  if (now >= rule.endsAt) return "expired";
  if (now < rule.startsAt) return "scheduled";
  return inTimeIntervals(rule.timeIntervals, now) ? "active" : "scheduled";
}

/** Every active rule applies; the index (core/oncall/mute-index.ts) keeps this cheap with many rules. */
export function mutedBy<R extends MuteRule>(alert: MutableAlert, rules: readonly R[], now: number): R[] {
  return candidates(indexOf(rules), alert).filter((r) => muteStatus(r, now) === "active" && ruleMatches(r, alert));
}

export function isMuted(alert: MutableAlert, rules: readonly MuteRule[], now: number): boolean {
  return mutedBy(alert, rules, now).length > 0;
}

/** Parse `5m`, `1h30m`, `2d` into milliseconds; null when malformed. */
export function parseDuration(s: string): number | null {
  const re = /(\d+)(ms|s|m|h|d|w)/g;
  if (!/^(\d+(ms|s|m|h|d|w))+$/.test(s)) return null;
  const unit: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 };
  let total = 0;
  for (const m of s.matchAll(re)) total += Number(m[1]) * unit[m[2]];
  return total;
}
