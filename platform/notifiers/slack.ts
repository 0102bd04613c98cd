import { slackMention } from "../../core/notify/mention";
import { slackMessage } from "../../core/notify/slack";
import type { Notifier } from "../../core/ports/notifier";
import { postJson } from "./http";

/** Slack incoming webhooks. */
export const slackNotifier = (fetcher?: typeof fetch): Notifier<"slack"> => ({
  kind: "slack",
  send: (channel, ctx) => postJson(slackMessage(ctx, channel.config), fetcher),
  mention: (channel, notice) => postJson(slackMention(notice, channel.config), fetcher),
});
