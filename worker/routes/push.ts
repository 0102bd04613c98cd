// A person's push devices and page preferences (issue 16). Everyone signed in manages only their own.
import { Hono } from "hono";
import { ApiError } from "../../core/contracts/errors";
import {
  isLoopbackHttp,
  pushAckInputSchema,
  pushPreferencesSchema,
  pushSubscriptionInputSchema,
} from "../../core/contracts/push";
import {
  countDevices,
  deleteDevice,
  getPreferences,
  listDevices,
  MAX_DEVICES_PER_USER,
  setPreferences,
  upsertDevice,
} from "../../platform/db/push";
import { pushAckTokenState, spendPushAckToken } from "../../platform/db/push-ack-tokens";
import { ensureTokenUser } from "../../platform/db/users";
import { config } from "../../platform/env";
import { newId } from "../../platform/lib/crypto";
import { setAcknowledged } from "../../platform/oncall/acknowledge";
import type { AppEnv } from "../app-env";
import { jsonBody } from "../lib/validate";
import { requireScope } from "../middleware/auth";

export const pushRoutes = new Hono<AppEnv>()
  .get("/me/push-devices", requireScope("read"), async (c) =>
    c.json({ devices: await listDevices(c.env.DB, c.get("principal").userId) }),
  )
  .post("/me/push-devices", requireScope("read"), async (c) => {
    const body = await jsonBody(c, pushSubscriptionInputSchema, 8 * 1024);
    // An http endpoint on loopback is the local demo's push stand-in; a deployment never pages one.
    if (isLoopbackHttp(body.endpoint) && !config(c.env).pushAllowLoopback)
      throw new ApiError("VALIDATION", "endpoint must be an https URL (RFC 8030 push resources are https)");
    const user = c.get("principal").userId;
    if ((await countDevices(c.env.DB, user)) >= MAX_DEVICES_PER_USER)
      throw new ApiError(
        "VALIDATION",
        `at most ${MAX_DEVICES_PER_USER} push devices per person: revoke one in settings first`,
      );
    return c.json(await upsertDevice(c.env.DB, newId("psh"), user, body, Date.now()), 201);
  })
  .delete("/me/push-devices/:id", requireScope("read"), async (c) => {
    const id = c.req.param("id");
    if (!(await deleteDevice(c.env.DB, c.get("principal").userId, id)))
      throw new ApiError("NOT_FOUND", `push device ${id} not found`);
    return c.json({ revoked: id });
  })
  .get("/me/push-preferences", requireScope("read"), async (c) =>
    c.json(await getPreferences(c.env.DB, c.get("principal").userId)),
  )
  .put("/me/push-preferences", requireScope("read"), async (c) => {
    const prefs = await jsonBody(c, pushPreferencesSchema, 4096);
    await setPreferences(c.env.DB, c.get("principal").userId, prefs, Date.now());
    return c.json(prefs);
  });

/** The key browsers pass to `pushManager.subscribe` as applicationServerKey; public by design. */
export const pushKeyRoutes = new Hono<AppEnv>().get("/push/vapid-public-key", requireScope("read"), (c) => {
  const vapid = config(c.env).vapid;
  if (!vapid)
    throw new ApiError(
      "UNAVAILABLE",
      "Web Push is not configured on this deployment: set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (node scripts/vapid-keys.mjs)",
    );
  return c.json({ publicKey: vapid.publicKey });
});

/**
 * Acknowledge from a notification, from the lock screen: no session or API token, the page's single-purpose token
 * is the credential. It names one alert and one person, works once, and expires an hour after the page was built.
 */
export const pushAckRoutes = new Hono<AppEnv>().post("/push/ack", async (c) => {
  const { token, alertId } = await jsonBody(c, pushAckInputSchema, 8 * 1024);
  const now = Date.now();
  const spent = await spendPushAckToken(c.env.DB, token, alertId, now);
  if (!spent) {
    const state = await pushAckTokenState(c.env.DB, token, alertId, now);
    if (state === "other-alert") throw new ApiError("FORBIDDEN", "this acknowledge token is for another alert");
    const why = state === "used" ? "was already used" : state === "expired" ? "has expired" : "is not valid";
    throw new ApiError("UNAUTHENTICATED", `this acknowledge token ${why}: open the alert to acknowledge it`);
  }
  const user = await ensureTokenUser(c.env.DB, spent.userId, now);
  if (user.disabledAt !== null) throw new ApiError("FORBIDDEN", "this account is disabled");
  const by = { id: user.id, handle: user.handle, name: user.name };
  const { alert, changed } = await setAcknowledged(c.env, alertId, "acknowledge", by, "from a push notification");
  return c.json({ alert, changed });
});
