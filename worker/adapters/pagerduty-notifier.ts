import type { NotificationContext } from "../../core/notify/types";
import { pagerDutyEvent } from "../../core/notify/pagerduty";
import { postJson, type DeliveryOutcome } from "./http-notifier";

/** PagerDuty Events API v2. The events URL is per channel so a test or a proxy can stand in for PagerDuty. */
export function sendPagerDuty(
  ctx: NotificationContext,
  cfg: { routingKey: string; eventsUrl?: string },
  fetcher?: typeof fetch,
): Promise<DeliveryOutcome> {
  return postJson(pagerDutyEvent(ctx, cfg), fetcher);
}
