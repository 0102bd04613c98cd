import { Hono } from "hono";
import { ApiError } from "../../core/contracts/errors";
import {
  changeCategorySchema,
  changeEventInputSchema,
  checkChangeEvent,
  listChangeEventsQuerySchema,
  numericTimes,
  parseLabelFilter,
  type ChangeCategory,
} from "../../core/contracts/change-events";
import type { AppEnv } from "../app-env";
import { formatZodError } from "../errors";
import { getChangeEvent, insertChangeEvent, listChangeEvents } from "../../platform/db/change-events";
import { jsonBody } from "../lib/validate";
import { requireScope } from "../middleware/auth";
import { publishChange } from "../../platform/live/publish-change";

// Bodies up to 1 MB are parsed so an oversized payload gets the precise 400 ("payload is N bytes; the limit
// is 102400"); anything larger is refused with 413 before parsing.
const MAX_BODY = 1024 * 1024;

export function parseCategories(text: string | undefined): ChangeCategory[] {
  if (!text) return [];
  return text.split(",").map((c) => {
    const r = changeCategorySchema.safeParse(c.trim());
    if (!r.success)
      throw new ApiError(
        "VALIDATION",
        `unknown category '${c.trim()}'; expected one of ${changeCategorySchema.options.join(", ")}`,
      );
    return r.data;
  });
}

export const changeEventRoutes = new Hono<AppEnv>()
  .post("/change-events", requireScope("ingest"), async (c) => {
    const input = await jsonBody(c, changeEventInputSchema, MAX_BODY);
    const now = Date.now();
    const checked = checkChangeEvent(input, now);
    if (!checked.ok) throw new ApiError("VALIDATION", checked.message);
    const event = await insertChangeEvent(c.env.DB, {
      ...checked.event,
      createdBy: c.get("principal").userId,
      createdAt: now,
    });
    await publishChange(c.env, event);
    return c.json(event, 201);
  })
  .get("/change-events", requireScope("read"), async (c) => {
    const parsed = listChangeEventsQuerySchema.safeParse(numericTimes(c.req.query()));
    if (!parsed.success) throw new ApiError("VALIDATION", formatZodError(parsed.error));
    const q = parsed.data;
    const labels = parseLabelFilter(q.labels);
    if ("error" in labels) throw new ApiError("VALIDATION", labels.error);
    const page = await listChangeEvents(c.env.DB, {
      from: q.from,
      to: q.to,
      category: parseCategories(q.category),
      labels,
      text: q.q,
      limit: q.limit,
      cursor: q.cursor,
    });
    return c.json(page);
  })
  .get("/change-events/:id", requireScope("read"), async (c) => {
    const event = await getChangeEvent(c.env.DB, c.req.param("id"));
    if (!event) throw new ApiError("NOT_FOUND", `change event ${c.req.param("id")} not found`);
    return c.json(event);
  });
