import { z } from "zod";

/** Change events: deploys, flag flips, infra changes, alert transitions. Drawn as markers on charts. */

export const changeCategories = [
  "deploys",
  "feature_flags",
  "infrastructure",
  "alerts",
  "third_party",
  "config",
  "incidents",
  "other",
] as const;
export const changeCategorySchema = z.enum(changeCategories);
export type ChangeCategory = z.infer<typeof changeCategorySchema>;

export const LIMITS = {
  title: 100,
  source: 50,
  type: 50,
  labelPairs: 200,
  labelKey: 128,
  labelValue: 1024,
  payloadBytes: 100 * 1024,
  skewMs: 24 * 60 * 60 * 1000,
} as const;

const utf8 = new TextEncoder();

/** Epoch ms or an ISO-8601 string; anything else is a clear validation error. */
const timeSchema = z
  .union([
    z.number().int().nonnegative(),
    z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be epoch milliseconds or an ISO-8601 time"),
  ])
  .transform((v) => (typeof v === "number" ? v : Date.parse(v)));

export const labelsSchema = z
  .record(z.string().min(1).max(LIMITS.labelKey), z.string().max(LIMITS.labelValue))
  .refine((o) => Object.keys(o).length <= LIMITS.labelPairs, `at most ${LIMITS.labelPairs} label pairs`);

export const changeEventInputSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, "title is required")
      .max(LIMITS.title, `title must be at most ${LIMITS.title} characters`),
    source: z
      .string()
      .trim()
      .min(1, "source is required")
      .max(LIMITS.source, `source must be at most ${LIMITS.source} characters`),
    category: changeCategorySchema,
    type: z.string().trim().min(1).max(LIMITS.type).optional(),
    happened_at: timeSchema.optional(),
    happenedAt: timeSchema.optional(),
    labels: labelsSchema.default({}),
    payload: z.unknown().optional(),
  })
  .strict();
export type ChangeEventInput = z.input<typeof changeEventInputSchema>;

/** What the store takes: validated, time resolved. `insertChangeEvent` in worker/db/change-events.ts. */
export interface NewChangeEvent {
  id?: string;
  title: string;
  source: string;
  category: ChangeCategory;
  type: string;
  happenedAt: number;
  labels: Record<string, string>;
  payload?: unknown;
  createdBy: string;
  createdAt?: number;
}

export interface ChangeEvent {
  id: string;
  title: string;
  source: string;
  category: ChangeCategory;
  type: string;
  happenedAt: number;
  labels: Record<string, string>;
  payload: unknown;
  createdBy: string;
  createdAt: number;
}

const defaultType: Record<ChangeCategory, string> = {
  deploys: "deploy",
  feature_flags: "flag_change",
  infrastructure: "infra_change",
  alerts: "alert_transition",
  third_party: "third_party",
  config: "config_change",
  incidents: "incident",
  other: "change",
};

export type Checked = { ok: true; event: Omit<NewChangeEvent, "createdBy"> } | { ok: false; message: string };

/** Rules zod cannot see alone: the time window relative to `now` and the payload's encoded size. */
export function checkChangeEvent(input: z.output<typeof changeEventInputSchema>, now: number): Checked {
  const happenedAt = input.happened_at ?? input.happenedAt ?? now;
  if (Math.abs(happenedAt - now) > LIMITS.skewMs) {
    return {
      ok: false,
      message: `happened_at must be within 24 hours of now (got ${new Date(happenedAt).toISOString()})`,
    };
  }
  if (input.payload !== undefined) {
    const bytes = utf8.encode(JSON.stringify(input.payload)).length;
    if (bytes > LIMITS.payloadBytes)
      return { ok: false, message: `payload is ${bytes} bytes of JSON; the limit is ${LIMITS.payloadBytes}` };
  }
  return {
    ok: true,
    event: {
      title: input.title,
      source: input.source,
      category: input.category,
      type: input.type ?? defaultType[input.category],
      happenedAt,
      labels: input.labels,
      payload: input.payload,
    },
  };
}

/** `service=checkout-service,region=us-east-1` -> pairs; values may contain `=`, not `,`. */
export function parseLabelFilter(text: string | undefined): Array<[string, string]> | { error: string } {
  if (!text) return [];
  const pairs: Array<[string, string]> = [];
  for (const part of text.split(",")) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf("=");
    if (eq <= 0) return { error: `label filter '${trimmed}' must look like name=value` };
    pairs.push([trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1).trim()]);
  }
  if (pairs.length > 20) return { error: "at most 20 label filters" };
  return pairs;
}

export const listChangeEventsQuerySchema = z.object({
  from: timeSchema.optional(),
  to: timeSchema.optional(),
  category: z.union([changeCategorySchema, z.string().regex(/^[a-z_]+(,[a-z_]+)*$/)]).optional(),
  labels: z.string().max(2000).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(200).optional(),
});

/** Query strings carry epoch ms as text: coerce digits to numbers before the time schema sees them. */
export function numericTimes(q: Record<string, string>): Record<string, string | number> {
  const out: Record<string, string | number> = { ...q };
  for (const k of ["from", "to"]) if (q[k] !== undefined && /^\d+$/.test(q[k]!)) out[k] = Number(q[k]);
  return out;
}

/** A change event as the API answers it (the list, the detail, and the ones shown beside an alert). */
export const changeEventSchema = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  category: z.string(),
  type: z.string(),
  happenedAt: z.number(),
  labels: z.record(z.string(), z.string()),
  payload: z.unknown().optional(),
  createdBy: z.string(),
  createdAt: z.number(),
});
export const changeEventPageSchema = z.object({
  events: z.array(changeEventSchema),
  nextCursor: z.string().nullable(),
});
