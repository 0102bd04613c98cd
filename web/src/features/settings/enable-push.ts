// "Enable on this device": permission, the service worker, the VAPID key, the browser's push subscription, and the
// server's record of it. Each step that can fail throws an Error whose message says what to do.
import type { PushDevice } from "../../../../core/contracts/push";
import { ApiRequestError } from "../../api/errors";
import { addPushDevice, vapidPublicKey } from "../../api/push";
import { base64UrlToBytes, explainEnableError, pushSupport } from "./push-devices";

const SW_WAIT_MS = 10_000;
const SUBSCRIBE_WAIT_MS = 30_000;

function within<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export function supportHere() {
  return pushSupport({
    userAgent: navigator.userAgent,
    hasServiceWorker: "serviceWorker" in navigator,
    hasPushManager: typeof window !== "undefined" && "PushManager" in window,
    hasNotification: typeof window !== "undefined" && "Notification" in window,
    standalone:
      window.matchMedia?.("(display-mode: standalone)").matches === true ||
      (navigator as unknown as { standalone?: boolean }).standalone === true,
  });
}

async function subscribe(reg: ServiceWorkerRegistration, key: Uint8Array<ArrayBuffer>): Promise<PushSubscription> {
  const go = () =>
    within(
      reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }),
      SUBSCRIBE_WAIT_MS,
      "The browser's push service did not answer within 30 seconds. Check the connection and try again.",
    );
  try {
    return await go();
  } catch (e) {
    // Subscribed earlier under another VAPID key (the deployment's keys were rotated): start over once.
    const old = (e as { name?: string }).name === "InvalidStateError" && (await reg.pushManager.getSubscription());
    if (!old) throw e;
    await old.unsubscribe();
    return go();
  }
}

export async function enableOnThisDevice(deviceName: string): Promise<PushDevice> {
  const name = deviceName.trim();
  if (!name) throw new Error("Give this device a name first, so you can tell it apart in the list.");
  const support = supportHere();
  if (support === "ios-not-installed")
    throw new Error(
      "On iPhone and iPad, add Vigil to your home screen first (Share → Add to Home Screen), then open it from the home screen and enable notifications there.",
    );
  if (support === "unsupported")
    throw new Error("This browser cannot receive push notifications (no service worker or Push API here).");
  const permission = await Notification.requestPermission();
  if (permission === "denied")
    throw new Error(
      "Notifications are blocked for Vigil in this browser: allow them in the site settings, then try again.",
    );
  if (permission !== "granted")
    throw new Error("Notifications were not allowed: press Enable on this device again and choose Allow.");
  const reg = await within(
    navigator.serviceWorker.ready,
    SW_WAIT_MS,
    "Vigil's service worker is not running in this tab: reload the page and try again.",
  );
  const key = await vapidPublicKey();
  let sub: PushSubscription;
  try {
    sub = await subscribe(reg, base64UrlToBytes(key));
  } catch (e) {
    throw new Error(explainEnableError(e));
  }
  const json = sub.toJSON();
  if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth)
    throw new Error("The browser gave a subscription without its keys; reload the page and try again.");
  try {
    return await addPushDevice({
      endpoint: json.endpoint,
      expirationTime: json.expirationTime ?? null,
      keys: { p256dh: json.keys.p256dh, auth: json.keys.auth },
      deviceName: name,
    });
  } catch (e) {
    if (e instanceof ApiRequestError) throw new Error(`Vigil did not save this device: ${e.message}`);
    throw e;
  }
}
