// Workspace answers: the home page, favorites, recently viewed, the pinned scope and the palette's search.
// Shared by the worker's contract tests and the web app. Loose objects: the web app reads what it knows and
// tolerates fields added later.
import { z } from "zod";
import { changeEventSchema } from "./change-events";

export const itemKindSchema = z.enum(["dashboard", "monitor", "service", "notebook"]);
/** A favorite or a recently viewed object; `title` as the caller gave it when it saved the item. */
export const userItemSchema = z
  .object({ kind: itemKindSchema, id: z.string(), title: z.string().nullable(), at: z.number() })
  .loose();
export type UserItem = z.infer<typeof userItemSchema>;

export const favoriteListSchema = z.object({ favorites: z.array(userItemSchema) });
export const favoriteSetSchema = z.object({
  favorite: z.object({ kind: itemKindSchema, id: z.string(), title: z.string().nullable() }),
});
export const favoriteRemovedSchema = z.object({ removed: z.object({ kind: itemKindSchema, id: z.string() }) });
export const recentListSchema = z.object({ recent: z.array(userItemSchema) });
export const viewRecordedSchema = z.object({
  recorded: z.object({ kind: itemKindSchema, id: z.string(), title: z.string().optional() }),
});

export const homeSchema = z.object({
  generatedAt: z.number(),
  /** Active now or fired in the last day, most recent first. */
  alerts: z.array(
    z
      .object({
        id: z.string(),
        monitorId: z.string(),
        monitorSlug: z.string(),
        monitorName: z.string(),
        severity: z.string(),
        state: z.string(),
        muted: z.boolean(),
        signalLabels: z.record(z.string(), z.string()),
        startedAt: z.number(),
        firingAt: z.number().nullable(),
        resolvedAt: z.number().nullable(),
      })
      .loose(),
  ),
  favorites: z.array(userItemSchema),
  recent: z.array(userItemSchema),
  /** The newest comments on monitors and alerts, with inert HTML. */
  comments: z.array(
    z
      .object({
        id: z.string(),
        targetKind: z.string(),
        targetId: z.string(),
        targetTitle: z.string().nullable(),
        author: z.string(),
        authorName: z.string().nullable(),
        body: z.string(),
        html: z.string(),
        createdAt: z.number(),
      })
      .loose(),
  ),
  changes: z.array(changeEventSchema),
});
export type Home = z.infer<typeof homeSchema>;

const scopeMatcher = z.object({ label: z.string(), op: z.enum(["=", "!=", "=~", "!~"]), value: z.string() });
/** The pinned scope: matchers, the same as URL text, and when it was saved (null: never). */
export const pinnedScopeSchema = z.object({
  matchers: z.array(scopeMatcher),
  updatedAt: z.number().nullable(),
  text: z.string(),
});
const scopeConflict = z
  .object({
    selector: z.string(),
    label: z.string(),
    query: z.object({ op: z.string(), value: z.string() }),
    scope: z.object({ op: z.string(), value: z.string() }),
    reason: z.string(),
  })
  .loose();
/** A query with the scope applied (a contradiction is a 409 CONFLICT instead). */
export const scopeAppliedSchema = z.object({
  ok: z.literal(true),
  query: z.string(),
  original: z.string(),
  changed: z.boolean(),
  added: z.number(),
  overlaps: z.array(scopeConflict),
  scope: z.array(scopeMatcher),
});

export const searchHitSchema = z
  .object({
    kind: z.enum(["monitor", "dashboard", "service", "notebook", "change_event"]),
    id: z.string(),
    title: z.string(),
    subtitle: z.string().optional(),
    url: z.string(),
    at: z.number().optional(),
  })
  .loose();
export const searchResultsSchema = z.object({ q: z.string(), results: z.array(searchHitSchema) });
