import type { MuteInput } from "../../core/contracts/alerting";
import { matcherMatches, muteStatus, ruleMatches, type MuteRule } from "../../core/alerting/muting";
import { ApiError } from "../../core/contracts/errors";
import { holdsUntil } from "../../core/oncall/mute-expiry";
import { parseTimeInterval, type TimeInterval } from "../../core/oncall/time-intervals";
import { alertsSince } from "../db/alerts";
import { getMonitor, listMonitors } from "../db/monitors";
import type { StoredMute } from "../db/muting-rules";
import { getUsersByIds } from "../db/users";

const MAX_MUTE_MS = 365 * 86_400_000;

export type RuleDraft = Omit<MuteRule, "id"> & Pick<StoredMute, "timeIntervalSpecs">;

function intervals(input: MuteInput): {
  timeIntervals: TimeInterval[] | null;
  timeIntervalSpecs: StoredMute["timeIntervalSpecs"];
} {
  const specs = input.timeIntervals?.length ? input.timeIntervals : null;
  if (!specs) return { timeIntervals: null, timeIntervalSpecs: null };
  const parsed = specs.map((s, i) => {
    try {
      return parseTimeInterval(s);
    } catch (err) {
      throw new ApiError("VALIDATION", `timeIntervals[${i}].${(err as Error).message}`);
    }
  });
  return { timeIntervals: parsed, timeIntervalSpecs: specs };
}

/** Resolve relative/absolute times, recurring windows and "this monitor" (id or slug) into a concrete rule. */
export async function toRule(db: D1Database, input: MuteInput, now: number): Promise<RuleDraft> {
  const startsAt = input.startsAt ?? now;
  const endsAt = input.endsAt ?? startsAt + (input.duration ?? 0);
  if (endsAt <= startsAt) throw new ApiError("VALIDATION", "endsAt must be after startsAt");
  if (endsAt - startsAt > MAX_MUTE_MS) throw new ApiError("VALIDATION", "a muting rule lasts at most 365 days");
  if (endsAt <= now) throw new ApiError("VALIDATION", "endsAt is in the past");
  let monitorId: string | null = null;
  if (input.monitorId !== null) {
    const m = await getMonitor(db, input.monitorId);
    if (!m) throw new ApiError("VALIDATION", `monitorId: monitor ${input.monitorId} not found`);
    monitorId = m.id;
  }
  return { matchers: input.matchers, monitorId, startsAt, endsAt, ...intervals(input) };
}

/** The API's view: status now, and the recurring windows as they were given (Alertmanager's spelling). */
export function withStatus(m: StoredMute, now: number) {
  const { timeIntervalSpecs, timeIntervals: _evaluated, ...rest } = m;
  return { ...rest, timeIntervals: timeIntervalSpecs ?? null, status: muteStatus(m, now) };
}

export interface HeldAlert {
  id: string;
  monitorName: string;
  signalLabels: Record<string, string>;
  state: string;
}

/**
 * The list's view: who made each rule (their handle and name, not an id) and, for active rules, what they hold
 * back now: firing or pending alerts they match (each alert is read once for all rules).
 */
export async function listView(db: D1Database, rules: StoredMute[], now: number) {
  const people = await getUsersByIds(db, [...new Set(rules.map((r) => r.createdBy))]);
  const live = rules.some((r) => muteStatus(r, now) === "active")
    ? (await alertsSince(db, now)).filter((a) => a.state === "firing" || a.state === "pending")
    : [];
  return rules.map((r) => {
    const view = withStatus(r, now);
    const held = view.status === "active" ? live.filter((a) => ruleMatches(r, a)) : [];
    const p = people.get(r.createdBy);
    return {
      ...view,
      creator: p
        ? { id: p.id, handle: p.handle, name: p.name }
        : { id: r.createdBy, handle: r.createdBy, name: r.createdBy },
      /** When it stops holding, if that is within the next minutes (a recurring window's end); else its end. */
      holdsUntil: view.status === "active" ? holdsUntil(r, now) : r.endsAt,
      holding: {
        count: held.length,
        alerts: held
          .slice(0, 20)
          .map(
            (a): HeldAlert => ({ id: a.id, monitorName: a.monitorName, signalLabels: a.signalLabels, state: a.state }),
          ),
      },
    };
  });
}

/**
 * What a rule would hold back: current alerts, alerts of the last 24 h, and (for a mute made before anything
 * fires) the monitors it could apply to. A monitor qualifies when the rule's matchers on the labels every alert
 * of that monitor carries (monitor, alertname, the monitor's own labels) all match, and matchers on labels its
 * signals never carry match an absent label; matchers on labels its signals may carry are listed as conditions.
 */
export async function preview(db: D1Database, rule: RuleDraft, now: number) {
  const since = now - 86_400_000;
  const all = await alertsSince(db, since);
  const r: MuteRule = { ...rule, id: "preview" };
  const hits = all.filter((a) => ruleMatches(r, { monitorId: a.monitorId, labels: a.labels }));
  const monitors = (await listMonitors(db, { limit: 2000 }))
    .filter((m) => rule.monitorId === null || m.id === rule.monitorId)
    .flatMap((m) => {
      const fixed: Record<string, string> = { ...m.labels, alertname: m.name, monitor: m.slug };
      // Labels a signal of this monitor can carry: any (one signal per series), its keys, or none.
      const open = (name: string) =>
        name === "severity" ||
        m.signals.mode === "series" ||
        (m.signals.mode === "labels" && m.signals.keys.includes(name));
      const bySignal = rule.matchers.filter((x) => !(x.name in fixed) && open(x.name));
      const ok = rule.matchers.every((x) =>
        x.name in fixed ? matcherMatches(x, fixed) : open(x.name) || matcherMatches(x, {}),
      );
      return ok ? [{ id: m.id, slug: m.slug, name: m.name, signals: bySignal }] : [];
    });
  return {
    current: hits.filter((a) => a.state === "firing" || a.state === "nodata" || a.state === "pending"),
    recent: hits.filter((a) => a.state === "resolved"),
    monitors: monitors.slice(0, 200),
    monitorCount: monitors.length,
  };
}
