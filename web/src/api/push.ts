// Web Push (issue 16): the signed-in person's devices and page preferences, parsed with the server's contracts.
import {
  pushDeviceListSchema,
  pushDeviceRevokedSchema,
  pushDeviceSchema,
  pushPreferencesSchema,
  type PushPreferences,
  type PushSubscriptionInput,
  vapidPublicKeySchema,
} from "../../../core/contracts/push";
import { api } from "./client";

export const pushQueries = {
  devices: () => ["push", "devices"] as const,
  preferences: () => ["push", "preferences"] as const,
};

export const listPushDevices = () => api("/api/me/push-devices", pushDeviceListSchema).then((r) => r.devices);
export const addPushDevice = (input: PushSubscriptionInput) =>
  api("/api/me/push-devices", pushDeviceSchema, { method: "POST", body: input });
export const revokePushDevice = (id: string) =>
  api(`/api/me/push-devices/${encodeURIComponent(id)}`, pushDeviceRevokedSchema, { method: "DELETE" });
export const vapidPublicKey = () => api("/api/push/vapid-public-key", vapidPublicKeySchema).then((r) => r.publicKey);
export const getPushPreferences = () => api("/api/me/push-preferences", pushPreferencesSchema);
export const savePushPreferences = (p: PushPreferences) =>
  api("/api/me/push-preferences", pushPreferencesSchema, { method: "PUT", body: p });
