// The Web Push directory port: who a `push` channel pages and on which devices, and what became of each send.
// Implemented over D1 in platform/db/push-directory.ts; the push adapter (platform/notifiers/push.ts) uses it.
import type { PushPreferences } from "../contracts/push";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** One browser push subscription; endpoint and keys are capabilities and never leave the server. */
export interface PushTargetDevice {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushRecipient {
  userId: string;
  /** IANA zone the person's quiet hours are in. */
  timeZone: string;
  prefs: PushPreferences;
  devices: PushTargetDevice[];
}

export interface PushDirectory {
  /** null when the deployment has no VAPID keys: nothing can be pushed. */
  readonly vapid: VapidKeys | null;
  /** Enabled people named in the channel (by id or handle) and the members of its teams (by id, slug or name). */
  recipients(target: { users: string[]; teams: string[] }): Promise<PushRecipient[]>;
  /** Devices an earlier attempt of this delivery already reached: a retry skips them. */
  reached(deliveryId: string): Promise<Set<string>>;
  succeeded(deviceId: string, deliveryId: string | undefined, at: number): Promise<void>;
  failed(deviceId: string, error: string, at: number): Promise<void>;
  /** The push service says the subscription is gone (404/410): forget the device. */
  gone(deviceId: string): Promise<void>;
  /** A short-lived token that acknowledges only this alert, once, as this person; put in their pages. */
  ackToken(userId: string, alertId: string, now: number): Promise<string>;
}
