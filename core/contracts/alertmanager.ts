// The Alertmanager API v2's wire format (https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml)
// for the routes Vigil serves, so amtool-style clients can list and manage silences (Vigil's muting rules) and
// alerts. Strict objects: a field Alertmanager does not define is a drift, with one declared exception below.
import { z } from "zod";

const labels = z.record(z.string(), z.string());

export const amMatcherViewSchema = z.strictObject({
  name: z.string(),
  value: z.string(),
  isRegex: z.boolean(),
  isEqual: z.boolean(),
});
export const gettableSilenceSchema = z.strictObject({
  id: z.string(),
  status: z.strictObject({ state: z.enum(["expired", "active", "pending"]) }),
  updatedAt: z.string(),
  matchers: z.array(amMatcherViewSchema),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
  /** Vigil's own: a muting rule scoped to one monitor names it (Alertmanager clients ignore the field). */
  monitorId: z.string().optional(),
});
export const gettableSilencesSchema = z.array(gettableSilenceSchema);
export const postSilenceAnswerSchema = z.strictObject({ silenceID: z.string() });

export const gettableAlertSchema = z.strictObject({
  labels,
  annotations: labels,
  startsAt: z.string(),
  endsAt: z.string(),
  updatedAt: z.string(),
  generatorURL: z.string(),
  fingerprint: z.string(),
  receivers: z.array(z.strictObject({ name: z.string() })),
  status: z.strictObject({
    state: z.enum(["unprocessed", "active", "suppressed"]),
    silencedBy: z.array(z.string()),
    inhibitedBy: z.array(z.string()),
    mutedBy: z.array(z.string()),
  }),
});
export const gettableAlertsSchema = z.array(gettableAlertSchema);
