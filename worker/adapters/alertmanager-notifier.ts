import type { NotificationContext } from "../../core/notify/types";
import { alertmanagerWebhook } from "../../core/notify/alertmanager";
import { postJson, type DeliveryOutcome } from "./http-notifier";

export function sendAlertmanagerWebhook(
  ctx: NotificationContext,
  cfg: { url: string; receiver: string; externalUrl: string },
  fetcher?: typeof fetch,
): Promise<DeliveryOutcome> {
  return postJson(alertmanagerWebhook(ctx, cfg), fetcher);
}
