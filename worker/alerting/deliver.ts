import type { Channel } from "../../core/contracts/alerting";
import type { NotificationContext } from "../../core/notify/types";
import { sendAlertmanagerWebhook } from "../adapters/alertmanager-notifier";
import type { DeliveryOutcome } from "../adapters/http-notifier";
import { sendPagerDuty } from "../adapters/pagerduty-notifier";
import { sendSlack } from "../adapters/slack-notifier";

/** Route one notification to its channel's adapter. */
export function deliver(channel: Channel, ctx: NotificationContext, publicUrl: string): Promise<DeliveryOutcome> {
  switch (channel.kind) {
    case "pagerduty":
      return sendPagerDuty(ctx, channel.config);
    case "slack":
      return sendSlack(ctx, channel.config);
    case "alertmanager":
      return sendAlertmanagerWebhook(ctx, { url: channel.config.url, receiver: channel.name, externalUrl: publicUrl });
  }
}

/** Exponential backoff for retryable failures: 5 s, 10 s, 20 s … capped at 10 min; give up after 10 attempts. */
export const MAX_ATTEMPTS = 10;
export function backoffMs(attempt: number): number {
  return Math.min(5_000 * 2 ** (attempt - 1), 600_000);
}
