import { alertmanagerWebhook } from "../../core/notify/alertmanager";
import type { Notifier } from "../../core/ports/notifier";
import { postJson } from "./http";

/** Alertmanager's webhook receiver format (v4), so existing webhook consumers work unchanged. */
export const alertmanagerNotifier = (fetcher?: typeof fetch): Notifier<"alertmanager"> => ({
  kind: "alertmanager",
  send: (channel, ctx, env) =>
    postJson(
      alertmanagerWebhook(ctx, { url: channel.config.url, receiver: channel.name, externalUrl: env.publicUrl }),
      fetcher,
    ),
  // The v4 format describes alerts only; every consumer would read a mention as one firing.
  mention: null,
});
