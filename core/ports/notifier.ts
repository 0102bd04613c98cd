// The notifier port: one adapter per channel kind (platform/notifiers/), chosen by the channel's kind.
// A new kind (push, a webhook flavour) is one adapter plus one registry entry, never a new branch elsewhere.
import type { Channel } from "../contracts/alerting";
import type { MentionNotice, NotificationContext } from "../notify/types";
import type { PushDirectory } from "./push";

export type DeliveryOutcome =
  /** httpStatus is null when nothing went out on purpose; detail says what happened (a fan-out's tally). */
  | { status: "sent"; httpStatus: number | null; detail?: string }
  | { status: "retry"; httpStatus: number | null; error: string }
  | { status: "failed"; httpStatus: number | null; error: string };

export type ChannelKind = Channel["kind"];
export type ChannelOf<K extends ChannelKind> = Extract<Channel, { kind: K }>;

/** What every send may use beside the channel's own config. */
export interface DeliveryEnv {
  /** Where users reach Vigil (links in payloads), without a trailing slash. */
  publicUrl: string;
  /** The outbox row being delivered: an adapter that fans out to many targets skips those an earlier attempt reached. */
  deliveryId?: string;
  /** Web Push's people directory and keys (the `push` kind); absent where the caller cannot page people. */
  push?: PushDirectory;
}

export interface Notifier<K extends ChannelKind = ChannelKind> {
  readonly kind: K;
  send(channel: ChannelOf<K>, ctx: NotificationContext, env: DeliveryEnv): Promise<DeliveryOutcome>;
  /**
   * A team @-mention on the team's channel. A mention is not an alert: `null` says this kind never carries one
   * (a page wakes someone up; an alert webhook's consumers would read it as a firing alert), and every adapter
   * has to decide, so a new kind cannot forget.
   */
  readonly mention: ((channel: ChannelOf<K>, notice: MentionNotice) => Promise<DeliveryOutcome>) | null;
}
