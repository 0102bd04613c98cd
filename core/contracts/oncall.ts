// On-call contracts (issue 15): acknowledgements. Shared by the worker and the web app.
import { z } from "zod";
import { ACK_COMMENT_MAX } from "../oncall/ack";
import { matcherSchema } from "./alerting";

export const ackInputSchema = z.object({ comment: z.string().trim().max(ACK_COMMENT_MAX).default("") }).strict();
export type AckInput = z.infer<typeof ackInputSchema>;

/** What an alert shows of its acknowledgement: who, when, and their comment. */
export const alertAckSchema = z.object({
  by: z.object({ id: z.string(), handle: z.string(), name: z.string() }),
  at: z.number(),
  comment: z.string(),
});
export type AlertAckView = z.infer<typeof alertAckSchema>;

/** Most inhibition rules a workspace keeps: every monitor check reads them all. */
export const MAX_INHIBIT_RULES = 500;

/** An inhibition rule as created or replaced (Alertmanager's inhibit_rules, with Vigil's matcher spelling). */
export const inhibitRuleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    sourceMatchers: z.array(matcherSchema).min(1, "give at least one source matcher").max(20),
    targetMatchers: z.array(matcherSchema).min(1, "give at least one target matcher").max(20),
    equal: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "equal: label names only"))
      .max(20)
      .default([]),
    comment: z.string().trim().max(2000).default(""),
  })
  .strict();
export type InhibitRuleInput = z.infer<typeof inhibitRuleInputSchema>;

export const inhibitRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  sourceMatchers: z.array(z.object({ name: z.string(), op: z.enum(["=", "!=", "=~", "!~"]), value: z.string() })),
  targetMatchers: z.array(z.object({ name: z.string(), op: z.enum(["=", "!=", "=~", "!~"]), value: z.string() })),
  equal: z.array(z.string()),
  comment: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** Alerts this rule holds back right now (firing targets with a firing source). */
  holding: z.array(z.object({ id: z.string(), monitorName: z.string(), inhibitedBy: z.array(z.string()) })).optional(),
});
export type InhibitRuleView = z.infer<typeof inhibitRuleSchema>;

/** How an alert names the alerts inhibiting it (the alert page links each one). */
export const inhibitorSchema = z.object({
  id: z.string(),
  monitorName: z.string(),
  state: z.string(),
  labels: z.record(z.string(), z.string()),
});

export const inhibitRuleListSchema = z.object({ rules: z.array(inhibitRuleSchema) });
export const inhibitRuleDeletedSchema = z.object({ deleted: z.string() });
