import type { Channel } from "../../core/contracts/alerting";
import type { MentionNotice, NotificationContext } from "../../core/notify/types";
import type { ChannelKind, DeliveryEnv, DeliveryOutcome, Notifier } from "../../core/ports/notifier";
import { alertmanagerNotifier } from "./alertmanager";
import { pagerDutyNotifier } from "./pagerduty";
import { pushNotifier } from "./push";
import { slackNotifier } from "./slack";

export type NotifierRegistry = { [K in ChannelKind]: Notifier<K> };

/** One adapter per channel kind; the mapped type makes a kind without an adapter a type error. */
export const defaultNotifiers = (fetcher?: typeof fetch): NotifierRegistry => ({
  pagerduty: pagerDutyNotifier(fetcher),
  slack: slackNotifier(fetcher),
  alertmanager: alertmanagerNotifier(fetcher),
  push: pushNotifier(fetcher),
});

const notifiers = defaultNotifiers();

/** Route one notification to its channel's adapter. */
export function deliver(
  channel: Channel,
  ctx: NotificationContext,
  env: DeliveryEnv,
  registry: NotifierRegistry = notifiers,
): Promise<DeliveryOutcome> {
  const notifier = registry[channel.kind] as Notifier;
  return notifier.send(channel, ctx, env);
}

/** Exponential backoff for retryable failures: 5 s, 10 s, 20 s … capped at 10 min; give up after 10 attempts. */
export const MAX_ATTEMPTS = 10;
export function backoffMs(attempt: number): number {
  return Math.min(5_000 * 2 ** (attempt - 1), 600_000);
}

/** Tell one channel about a team mention; null when its kind never carries mentions (see each adapter). */
export function deliverMention(
  channel: Channel,
  notice: MentionNotice,
  registry: NotifierRegistry = notifiers,
): Promise<DeliveryOutcome> | null {
  const notifier = registry[channel.kind] as Notifier;
  return notifier.mention ? notifier.mention(channel, notice) : null;
}
