import type { ChangeEvent } from "../../core/contracts/change-events";
import type { Env } from "../env";
import { publishQuietly } from "./publish";

/** Push a stored change event to live subscribers of `changes`. Best effort: storing the event is what
 * matters, so a live-feed failure is logged, never surfaced to the sender. */
export async function publishChange(env: Env, event: ChangeEvent): Promise<void> {
  const { payload: _payload, ...summary } = event;
  await publishQuietly(env, "changes", { kind: "change_event", data: summary });
}
