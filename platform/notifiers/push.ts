import { buildPushPayload } from "@block65/webcrypto-web-push";
import { isLoopbackHttp } from "../../core/contracts/push";
import type { ChannelOf, DeliveryEnv, DeliveryOutcome, Notifier } from "../../core/ports/notifier";
import type { PushDirectory, PushTargetDevice, VapidKeys } from "../../core/ports/push";
import { pushDecision, pushMessage, type PushMessagePlan } from "../../core/notify/push";
import type { NotificationContext } from "../../core/notify/types";

const TIMEOUT_MS = 10_000;
/** Sends per attempt: one outbox row must not eat the alarm's subrequests; the rest go out on the next attempt. */
export const MAX_PUSH_SENDS_PER_ATTEMPT = 30;
const CONCURRENCY = 6;

type DeviceResult = { kind: "sent" | "gone" | "retry" | "failed"; status: number | null; error?: string };

/** Web Push (RFC 8030) with aes128gcm payloads (RFC 8291) and VAPID (RFC 8292), to every device of the people paged. */
export const pushNotifier = (fetcher?: typeof fetch): Notifier<"push"> => ({
  kind: "push",
  send: (channel, ctx, env) => sendPush(channel, ctx, env, fetcher ?? globalThis.fetch),
  // A push wakes a phone: only alerts do that, never a colleague's @-mention.
  mention: null,
});

async function sendPush(
  channel: ChannelOf<"push">,
  ctx: NotificationContext,
  env: DeliveryEnv,
  fetcher: typeof fetch,
): Promise<DeliveryOutcome> {
  const dir = env.push;
  if (!dir?.vapid)
    return {
      status: "failed",
      httpStatus: null,
      error: "Web Push is not configured on this deployment: set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY",
    };
  const recipients = await dir.recipients(channel.config);
  const reached = env.deliveryId ? await dir.reached(env.deliveryId) : new Set<string>();
  const plan = pushMessage(ctx);
  const topic = await topicOf(plan.payload.tag);
  const held = { quiet: 0, severity: 0 };
  let total = 0;
  const todo: { userId: string; device: PushTargetDevice }[] = [];
  for (const r of recipients) {
    total += r.devices.length;
    const decision = pushDecision(r.prefs, r.timeZone, ctx);
    if (decision !== "send") held[decision] += r.devices.length;
    else todo.push(...r.devices.filter((d) => !reached.has(d.id)).map((device) => ({ userId: r.userId, device })));
  }
  if (total === 0)
    return { status: "failed", httpStatus: null, error: "nobody to page: no one this channel names has a push device" };
  const batch = todo.slice(0, MAX_PUSH_SENDS_PER_ATTEMPT);
  const plans = await plansByPerson(batch, plan, ctx, dir);
  const results: DeviceResult[] = [];
  for (let i = 0; i < batch.length; i += CONCURRENCY) {
    const part = batch.slice(i, i + CONCURRENCY);
    results.push(
      ...(await Promise.all(part.map((t) => sendOne(t.device, plans.get(t.userId)!, topic, dir.vapid!, fetcher)))),
    );
  }
  for (const [i, r] of results.entries()) {
    const d = batch[i]!.device;
    if (r.kind === "sent") await dir.succeeded(d.id, env.deliveryId, Date.now());
    else if (r.kind === "gone") await dir.gone(d.id);
    else await dir.failed(d.id, r.error ?? `HTTP ${r.status}`, Date.now());
  }
  const count = (k: DeviceResult["kind"]) => results.filter((r) => r.kind === k).length;
  const left = todo.length - batch.length;
  const tally = [
    `${count("sent")} device(s) paged`,
    reached.size ? `${[...reached].length} reached earlier` : "",
    count("gone") ? `${count("gone")} gone (subscription removed)` : "",
    count("retry") ? `${count("retry")} to retry` : "",
    count("failed") ? `${count("failed")} refused` : "",
    left ? `${left} left for the next attempt` : "",
    held.quiet ? `${held.quiet} held by quiet hours` : "",
    held.severity ? `${held.severity} not wanted at this severity` : "",
  ]
    .filter(Boolean)
    .join("; ");
  const firstError = results.find((r) => r.kind === "retry" || r.kind === "failed");
  const lastStatus = (k: DeviceResult["kind"]) => results.findLast((r) => r.kind === k)?.status ?? null;
  if (count("retry") || left)
    return {
      status: "retry",
      httpStatus: lastStatus("retry"),
      error: `${tally}${firstError ? `: ${firstError.error}` : ""}`,
    };
  const reachedAny = count("sent") + reached.size > 0;
  if (!reachedAny && (count("failed") || count("gone")))
    return {
      status: "failed",
      httpStatus: lastStatus("failed") ?? lastStatus("gone"),
      error: `${tally}${firstError ? `: ${firstError.error}` : ""}`,
    };
  return { status: "sent", httpStatus: lastStatus("sent"), detail: tally };
}

/**
 * An open page carries an acknowledge token for the person it wakes (their devices share it); a resolve or an
 * acknowledgement has nothing left to acknowledge.
 */
async function plansByPerson(
  batch: { userId: string }[],
  plan: PushMessagePlan,
  ctx: NotificationContext,
  dir: PushDirectory,
): Promise<Map<string, PushMessagePlan>> {
  const out = new Map<string, PushMessagePlan>();
  const ackable = ctx.kind !== "resolve" && ctx.kind !== "acknowledge";
  for (const { userId } of batch) {
    if (out.has(userId)) continue;
    const ack = ackable ? await dir.ackToken(userId, ctx.alertId, Date.now()) : undefined;
    out.set(userId, ack ? { ...plan, payload: { ...plan.payload, ack } } : plan);
  }
  return out;
}

async function sendOne(
  d: PushTargetDevice,
  plan: PushMessagePlan,
  topic: string,
  vapid: VapidKeys,
  fetcher: typeof fetch,
): Promise<DeviceResult> {
  let req: Awaited<ReturnType<typeof buildPushPayload>>;
  // The local demo's push stand-in listens on http://127.0.0.1 (registrable only with PUSH_ALLOW_LOOPBACK). The
  // library signs VAPID for https origins only, so the JWT names the https origin a real push service would have
  // and the request goes over plain http: TLS is all the stand-in leaves out.
  const signedFor = isLoopbackHttp(d.endpoint) ? d.endpoint.replace(/^http:/, "https:") : d.endpoint;
  try {
    req = await buildPushPayload(
      { data: JSON.stringify(plan.payload), options: { ttl: plan.ttl, urgency: plan.urgency, topic } },
      { endpoint: signedFor, expirationTime: null, keys: { p256dh: d.p256dh, auth: d.auth } },
      vapid,
    );
  } catch (err) {
    return { kind: "failed", status: null, error: `cannot encrypt for this device: ${message(err)}` };
  }
  let res: Response;
  try {
    res = await fetcher(d.endpoint, {
      method: "POST",
      headers: req.headers,
      body: req.body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    return { kind: "retry", status: null, error: message(err) };
  }
  const text = (await res.text().catch(() => "")).slice(0, 300);
  if (res.ok) return { kind: "sent", status: res.status };
  const error = `${res.status} from ${new URL(d.endpoint).host}${text ? `: ${text}` : ""}`;
  // RFC 8030 §7.3: 404/410 mean the subscription expired or was unsubscribed; it will never work again.
  if (res.status === 404 || res.status === 410) return { kind: "gone", status: res.status, error };
  if (res.status === 429 || res.status >= 500) return { kind: "retry", status: res.status, error };
  return { kind: "failed", status: res.status, error };
}

/**
 * RFC 8030 §5.4 topic (at most 32 base64url characters): a re-notify or resolve replaces the alert's page still
 * queued at the push service for an offline phone, so it wakes up to one notification, the latest.
 */
async function topicOf(tag: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(tag)));
  return btoa(String.fromCharCode(...digest.slice(0, 24)))
    .replaceAll("+", "-")
    .replaceAll("/", "_");
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
