// The notifier port: one adapter per channel kind (platform/notifiers/), chosen by the channel's kind.
// A new kind (push, a webhook flavour) is one adapter plus one registry entry, never a new branch elsewhere.
import type { Channel } from "../contracts/alerting";
import type { MentionNotice, NotificationContext } from "../notify/types";

export type DeliveryOutcome =
  | { status: "sent"; httpStatus: number }
  | { status: "retry"; httpStatus: number | null; error: string }
  | { status: "failed"; httpStatus: number | null; error: string };

export type ChannelKind = Channel["kind"];
export type ChannelOf<K extends ChannelKind> = Extract<Channel, { kind: K }>;

/** What every send may use beside the channel's own config. */
export interface DeliveryEnv {
  /** Where users reach Vigil (links in payloads), without a trailing slash. */
  publicUrl: string;
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
