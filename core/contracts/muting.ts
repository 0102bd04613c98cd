// Muting rules: the answers of /api/muting-rules, shared by the worker's contract tests and the web app.
// Loose objects: the web app reads what it knows and tolerates fields added later.
import { z } from "zod";
import { alertSchema } from "./alerts";

const matcher = z.object({ name: z.string(), op: z.enum(["=", "!=", "=~", "!~"]), value: z.string() });

/** A rule as create, get, expire and extend answer it: the stored rule and whether it holds now. */
export const muteRuleSchema = z
  .object({
    id: z.string(),
    matchers: z.array(matcher),
    /** "This monitor": the rule covers every alert of one monitor, whatever its labels. */
    monitorId: z.string().nullable(),
    startsAt: z.number(),
    endsAt: z.number(),
    /** Recurring windows as given (Alertmanager's time_intervals spelling); null: always inside its lifetime. */
    timeIntervals: z.array(z.record(z.string(), z.unknown())).nullable(),
    comment: z.string(),
    createdBy: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
    status: z.enum(["active", "scheduled", "expired"]),
  })
  .loose();
export type MuteRule = z.infer<typeof muteRuleSchema>;

/** The list adds who made each rule and, for active rules, what they hold back now. */
export const muteRuleListItemSchema = muteRuleSchema.extend({
  creator: z.object({ id: z.string(), handle: z.string(), name: z.string() }),
  holdsUntil: z.number(),
  holding: z.object({
    count: z.number(),
    alerts: z.array(
      z
        .object({
          id: z.string(),
          monitorName: z.string(),
          signalLabels: z.record(z.string(), z.string()),
          state: z.string(),
        })
        .loose(),
    ),
  }),
});
export type MuteRuleListItem = z.infer<typeof muteRuleListItemSchema>;
export const muteRuleListSchema = z.object({ rules: z.array(muteRuleListItemSchema) });

/** What a draft rule would hold back: current alerts, the last day's resolved ones, and the monitors it covers. */
export const mutePreviewSchema = z.object({
  current: z.array(alertSchema),
  recent: z.array(alertSchema),
  monitors: z.array(
    z.object({ id: z.string(), name: z.string(), slug: z.string(), signals: z.array(matcher) }).loose(),
  ),
  monitorCount: z.number(),
});
export const muteDeletedSchema = z.object({ deleted: z.string() });
