import type { NotificationContext } from "../../core/notify/types";
import { slackMessage } from "../../core/notify/slack";
import { postJson, type DeliveryOutcome } from "./http-notifier";

export function sendSlack(
  ctx: NotificationContext,
  cfg: { webhookUrl: string },
  fetcher?: typeof fetch,
): Promise<DeliveryOutcome> {
  return postJson(slackMessage(ctx, cfg), fetcher);
}
