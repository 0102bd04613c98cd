import type { MuteInput } from "../../core/contracts/alerting";
import { muteStatus, ruleMatches, type MuteRule } from "../../core/alerting/muting";
import { ApiError } from "../../core/contracts/errors";
import { alertsSince, type AlertView } from "../db/alerts";
import { getMonitor } from "../db/monitors";
import type { StoredMute } from "../db/muting-rules";

const MAX_MUTE_MS = 365 * 86_400_000;

/** Resolve relative/absolute times and "this monitor" (id or slug) into a concrete rule. */
export async function toRule(db: D1Database, input: MuteInput, now: number): Promise<Omit<MuteRule, "id">> {
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
  return { matchers: input.matchers, monitorId, startsAt, endsAt };
}

export function withStatus(m: StoredMute, now: number) {
  return { ...m, status: muteStatus(m, now) };
}

/** Which current alerts the rule would silence, and which alerts of the last 24 h it would have matched. */
export async function preview(
  db: D1Database,
  rule: Omit<MuteRule, "id">,
  now: number,
): Promise<{ current: AlertView[]; recent: AlertView[] }> {
  const since = now - 86_400_000;
  const all = await alertsSince(db, since);
  const r: MuteRule = { ...rule, id: "preview" };
  const hits = all.filter((a) => ruleMatches(r, { monitorId: a.monitorId, labels: a.labels }));
  return {
    current: hits.filter((a) => a.state === "firing" || a.state === "pending"),
    recent: hits.filter((a) => a.state === "resolved"),
  };
}
