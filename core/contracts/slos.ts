// SLOs: API bodies and answers shared by the worker, the SLO object and the web app.
import { z } from "zod";
import { DAY, WORKBOOK_POLICIES } from "../slo/burn";
import { counterSelector, instantQuery, SliError } from "../slo/sli";
import { durationMs, severitySchema } from "./alerting";

const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_.]*$/, "a label name");

/** Parse with the PromQL parser and keep its normalised text; a parse error becomes the field's message. */
const promql = (check: (text: string, field: string) => string, field: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .transform((v, ctx) => {
      try {
        return check(v, field);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: e instanceof SliError ? e.message : String(e) });
        return z.NEVER;
      }
    });

export const sliSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("ratio"),
      good: promql(counterSelector, "good").optional(),
      bad: promql(counterSelector, "bad").optional(),
      total: promql(counterSelector, "total"),
    })
    .refine((s) => (s.good === undefined) !== (s.bad === undefined), {
      message: "give either good or bad events, not both",
      path: ["good"],
    }),
  z.object({
    kind: z.literal("threshold"),
    query: promql(instantQuery, "query"),
    operator: z.enum(["<", "<=", ">", ">="]),
    threshold: z.number().finite(),
  }),
]);

export const sloWindowSchema = z.enum(["7d", "28d", "30d"]);
export const windowMs = (w: z.infer<typeof sloWindowSchema>): number => Number.parseInt(w, 10) * DAY;

export const burnPolicySchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    severity: severitySchema,
    burnRate: z.number().positive().max(10_000),
    longWindow: durationMs,
    shortWindow: durationMs,
  })
  .refine((p) => p.shortWindow >= 60_000 && p.shortWindow < p.longWindow, {
    message: "the short window must be at least 1m and shorter than the long window",
    path: ["shortWindow"],
  });
export type BurnPolicyInput = z.input<typeof burnPolicySchema>;

const defaultPolicies = WORKBOOK_POLICIES.map((p) => ({
  name: p.name,
  severity: p.severity,
  burnRate: p.burnRate,
  longWindow: p.longWindowMs / 1000,
  shortWindow: p.shortWindowMs / 1000,
}));

export const sloInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    slug: z
      .string()
      .trim()
      .min(1)
      .max(80)
      .regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and - only")
      .optional(),
    description: z.string().max(4000).default(""),
    collection: z.string().trim().max(200).default(""),
    teamId: z.string().min(1).max(100).nullable().default(null),
    sli: sliSchema,
    groupBy: z.array(labelName).max(5).default([]),
    /** 0.995 for 99.5 %. */
    objective: z.number().gt(0.5).lt(1),
    window: sloWindowSchema.default("30d"),
    alerting: z
      .object({
        enabled: z.boolean().default(true),
        policies: z.array(burnPolicySchema).max(6).prefault(defaultPolicies),
        channels: z.array(z.string().min(1).max(100)).max(20).default([]),
      })
      .prefault({}),
  })
  .superRefine((s, ctx) => {
    s.alerting.policies.forEach((p, i) => {
      if (p.longWindow > windowMs(s.window))
        ctx.addIssue({
          code: "custom",
          path: ["alerting", "policies", i, "longWindow"],
          message: `the long window can't exceed the SLO window (${s.window})`,
        });
    });
  });
export type SloInput = z.infer<typeof sloInputSchema>;

export interface SloPolicy {
  name: string;
  severity: "critical" | "warning";
  burnRate: number;
  longWindowMs: number;
  shortWindowMs: number;
  /** The generated monitor that checks this policy. */
  monitorId: string;
}

/** A stored SLO: the input plus identity, bookkeeping and the monitors it owns. */
export interface SloDef extends Omit<SloInput, "slug" | "alerting"> {
  id: string;
  slug: string;
  version: number;
  alerting: { enabled: boolean; channels: string[]; policies: SloPolicy[] };
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

const counts = z.object({ good: z.number(), total: z.number() });
const burnFigures = z.object({ window: z.string(), ms: z.number(), burnRate: z.number().nullable() });

export const sloGroupStatusSchema = z.object({
  labels: z.record(z.string(), z.string()),
  window: counts,
  sli: z.number().nullable(),
  budgetRemaining: z.number().nullable(),
  burn: z.array(burnFigures),
});

export const sloStatusSchema = z.object({
  at: z.number(),
  /** Roll-ups cover (from, until]; before `from` Vigil had no data for this SLO. */
  coverage: z.object({ from: z.number().nullable(), until: z.number().nullable() }),
  window: counts,
  sli: z.number().nullable(),
  budgetRemaining: z.number().nullable(),
  burn: z.array(burnFigures),
  /** Time until the budget is gone at the last hour's burn rate, and at the window's average; null: never. */
  forecast: z.object({ atLastHourMs: z.number().nullable(), atWindowAverageMs: z.number().nullable() }),
  burndown: z.array(z.object({ t: z.number(), budgetRemaining: z.number().nullable() })),
  groups: z.array(sloGroupStatusSchema),
  lastError: z.string().nullable(),
});
export type SloStatus = z.infer<typeof sloStatusSchema>;

// The stored SLO as /api/slos answers it. Its queries were normalised on save, so they are read as plain text here
// (the input schema would re-run the PromQL checks on every read); loose objects tolerate fields added later.
const storedSli = z.discriminatedUnion("kind", [
  z
    .object({ kind: z.literal("ratio"), good: z.string().optional(), bad: z.string().optional(), total: z.string() })
    .loose(),
  z
    .object({
      kind: z.literal("threshold"),
      query: z.string(),
      operator: z.enum(["<", "<=", ">", ">="]),
      threshold: z.number(),
    })
    .loose(),
]);
export const sloDefSchema: z.ZodType<SloDef> = z
  .object({
    id: z.string(),
    slug: z.string(),
    version: z.number(),
    name: z.string(),
    description: z.string(),
    collection: z.string(),
    teamId: z.string().nullable(),
    sli: storedSli,
    groupBy: z.array(z.string()),
    objective: z.number(),
    window: sloWindowSchema,
    alerting: z.object({
      enabled: z.boolean(),
      channels: z.array(z.string()),
      policies: z.array(
        z
          .object({
            name: z.string(),
            severity: severitySchema,
            burnRate: z.number(),
            longWindowMs: z.number(),
            shortWindowMs: z.number(),
            monitorId: z.string(),
          })
          .loose(),
      ),
    }),
    createdBy: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .loose();
export const sloListSchema = z.object({ slos: z.array(sloDefSchema) });
export const sloDeletedSchema = z.object({ deleted: z.string() });
export const sloVersionListSchema = z.object({
  versions: z.array(
    z.object({ version: z.number(), changedBy: z.string(), changedAt: z.number(), definition: sloDefSchema }),
  ),
});

export { badEventsQuery } from "../slo/sli";
