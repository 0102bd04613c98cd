import type { LiveEvent } from "../../core/contracts/alerting";
import type { Env } from "../env";

/** The one live-feed object: events need a single total order so `resume_from=<id>` means one thing. */
export function liveFeed(env: Env) {
  return env.LIVE_FEED.get(env.LIVE_FEED.idFromName("global"));
}

/**
 * Push an event to every client subscribed to `topic` (alerts, changes, comments, mutes, monitor:<id>).
 * Other features call this after they have stored what the event describes. Returns the event id.
 */
export async function publish(env: Env, topic: string | string[], event: LiveEvent): Promise<number> {
  return liveFeed(env).publish(Array.isArray(topic) ? topic : [topic], event);
}

/** Many events in one live-feed call (a monitor's alarm): stored and sent in the given order. */
export async function publishBatch(env: Env, items: { topics: string[]; event: LiveEvent }[]): Promise<number[]> {
  if (!items.length) return [];
  return liveFeed(env).publishMany(items);
}

/** Best-effort variant for request handlers: a live-feed hiccup must not fail the write that caused it. */
export async function publishQuietly(env: Env, topic: string | string[], event: LiveEvent): Promise<void> {
  try {
    await publish(env, topic, event);
  } catch (err) {
    console.error("live publish failed", err);
  }
}
