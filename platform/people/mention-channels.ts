// A team @-mention told to the team's own channels (Slack today; see core/notify/mention.ts for why pages and
// alert webhooks never carry one). Best effort with a short, bounded retry: the comment is already stored.
import type { Channel } from "../../core/contracts/alerting";
import type { MentionNotice } from "../../core/notify/types";
import type { DeliveryOutcome } from "../../core/ports/notifier";
import { getChannels } from "../db/monitors";
import { backoffMs, deliverMention, type NotifierRegistry } from "../notifiers/deliver";

export interface ChannelMention {
  teamId: string;
  channelId: string;
  channel: string;
  kind: Channel["kind"];
  /** skipped: this kind never carries mentions; retrying: a 429/5xx, tried again in the background. */
  status: "sent" | "failed" | "retrying" | "skipped";
  error?: string;
}

export interface ChannelDeliveryOptions {
  /** Keeps background retries alive after the response (the request's `executionCtx.waitUntil`). */
  waitUntil?: (p: Promise<unknown>) => void;
  registry?: NotifierRegistry;
}

const RETRIES = 2;

export async function tellTeamChannels(
  db: D1Database,
  teams: readonly { id: string; handle: string; name: string; channelIds: readonly string[] }[],
  notice: (team: { handle: string; name: string }) => MentionNotice,
  opts: ChannelDeliveryOptions = {},
): Promise<ChannelMention[]> {
  const ids = [...new Set(teams.flatMap((t) => t.channelIds))];
  const byId = new Map((await getChannels(db, ids)).map((ch) => [ch.id, ch]));
  const jobs: Promise<ChannelMention>[] = [];
  for (const team of teams)
    for (const id of team.channelIds) {
      const ch = byId.get(id);
      if (ch) jobs.push(tellOne(team.id, ch, notice({ handle: team.handle, name: team.name }), opts));
    }
  return Promise.all(jobs);
}

async function tellOne(
  teamId: string,
  ch: Channel,
  notice: MentionNotice,
  opts: ChannelDeliveryOptions,
): Promise<ChannelMention> {
  const base = { teamId, channelId: ch.id, channel: ch.name, kind: ch.kind };
  const send = () => deliverMention(ch, notice, opts.registry);
  const first = send();
  if (!first) return { ...base, status: "skipped", error: `${ch.kind} channels carry alerts only, not mentions` };
  const out = await first;
  if (out.status === "sent") return { ...base, status: "sent" };
  if (out.status === "retry" && opts.waitUntil) {
    opts.waitUntil(retry(send, ch));
    return { ...base, status: "retrying", error: out.error };
  }
  console.error(`mention to channel ${ch.id} failed: ${out.error}`);
  return { ...base, status: "failed", error: out.error };
}

async function retry(send: () => Promise<DeliveryOutcome> | null, ch: Channel): Promise<void> {
  let last = "";
  for (let attempt = 1; attempt <= RETRIES; attempt++) {
    await new Promise((r) => setTimeout(r, backoffMs(attempt)));
    const out = await send();
    if (!out || out.status === "sent") return;
    last = out.error;
    if (out.status === "failed") break;
  }
  console.error(`mention to channel ${ch.id} not delivered after retries: ${last}`);
}
