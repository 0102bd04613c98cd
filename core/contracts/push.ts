// Web Push (issue 16): a person's devices (browser push subscriptions) and their preferences for pages.
import { z } from "zod";

const b64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, "must be base64url");

const HTTPS_ONLY = "endpoint must be an https URL (RFC 8030 push resources are https)";

/**
 * An http endpoint on this machine: the demo's push stand-in (scripts/demo/push-service.mjs). The route accepts one
 * only where the deployment sets PUSH_ALLOW_LOOPBACK (npm start does); browsers' push services are always https.
 */
export const isLoopbackHttp = (endpoint: string) =>
  /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(endpoint);

/** What `PushSubscription.toJSON()` gives in the browser, plus a name the person recognises the device by. */
export const pushSubscriptionInputSchema = z
  .object({
    endpoint: z
      .url({ protocol: /^https?$/, error: HTTPS_ONLY })
      .max(2048)
      .refine((e) => e.startsWith("https:") || isLoopbackHttp(e), HTTPS_ONLY),
    expirationTime: z.number().nullable().optional(),
    // p256dh: an uncompressed P-256 point (65 bytes = 87 base64url chars); auth: 16 bytes (22 chars).
    keys: z.object({ p256dh: b64url(80, 100), auth: b64url(16, 32) }).strict(),
    deviceName: z.string().trim().min(1).max(100),
  })
  .strict();
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInputSchema>;

export const pushDeviceSchema = z.object({
  id: z.string(),
  deviceName: z.string(),
  /** Only the push service's host: the full endpoint is a capability and is never shown back. */
  service: z.string(),
  createdAt: z.number(),
  lastSuccessAt: z.number().nullable(),
  lastError: z.string().nullable(),
});
export type PushDevice = z.infer<typeof pushDeviceSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24 h)");

/** Which severities page this person, and quiet hours in their own time zone (critical pages always go through). */
export const pushPreferencesSchema = z
  .object({
    severities: z
      .array(z.enum(["critical", "warning"]))
      .max(2)
      .transform((s) => [...new Set(s)]),
    quietHours: z.object({ start: hhmm, end: hhmm }).strict().nullable(),
  })
  .strict();
export type PushPreferences = z.infer<typeof pushPreferencesSchema>;
export const defaultPushPreferences: PushPreferences = { severities: ["critical", "warning"], quietHours: null };

/** Config of a `push` notification channel: people by id or handle, teams by id, slug or name. */
export const pushChannelConfigSchema = z
  .object({
    users: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
    teams: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  })
  .strict()
  .refine((c) => c.users.length + c.teams.length > 0, "a push channel needs at least one user or team");

/** The JSON inside the encrypted push message; the service worker renders it. */
export interface PushPayload {
  v: 1;
  kind: "trigger" | "repeat" | "resolve";
  /** Same tag for an alert's trigger, re-notify and resolve: the newest replaces the earlier notification. */
  tag: string;
  title: string;
  body: string;
  url: string;
  alertId: string;
  monitorId: string;
  severity: "critical" | "warning";
  signal: string;
  value: number | null;
  at: number;
  /** A single-purpose token that acknowledges this alert once, as the person paged (POST /api/push/ack). */
  ack?: string;
}

export const PUSH_ACK_TOKEN_PREFIX = "vpa_";

/** What the service worker posts when Acknowledge is tapped: the token is the credential, the alert what it is for. */
export const pushAckInputSchema = z
  .object({
    token: z.string().startsWith(PUSH_ACK_TOKEN_PREFIX).min(20).max(100),
    alertId: z.string().min(1).max(200),
  })
  .strict();
export type PushAckInput = z.infer<typeof pushAckInputSchema>;

export const pushDeviceListSchema = z.object({ devices: z.array(pushDeviceSchema) });
export const vapidPublicKeySchema = z.object({ publicKey: z.string() });

export const pushDeviceRevokedSchema = z.object({ revoked: z.string() });
