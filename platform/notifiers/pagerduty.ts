import { pagerDutyEvent } from "../../core/notify/pagerduty";
import type { Notifier } from "../../core/ports/notifier";
import { postJson } from "./http";

/** PagerDuty Events API v2. The events URL is per channel so a test or a proxy can stand in for PagerDuty. */
export const pagerDutyNotifier = (fetcher?: typeof fetch): Notifier<"pagerduty"> => ({
  kind: "pagerduty",
  send: (channel, ctx) => postJson(pagerDutyEvent(ctx, channel.config), fetcher),
  // A page wakes someone up: only alerts do that, never a colleague's @-mention.
  mention: null,
});
