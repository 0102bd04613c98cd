import { Hono } from "hono";
import { z } from "zod";
import { ApiError } from "../../core/contracts/errors";
import { auditObjectKinds } from "../../core/contracts/people";
import { listAudit } from "../../platform/db/audit";
import { getUsersByIds, toPerson } from "../../platform/db/users";
import type { AppEnv } from "../app-env";
import { queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";

const auditQuery = z.object({
  objectKind: z.enum(auditObjectKinds).optional(),
  objectId: z.string().max(200).optional(),
  actor: z.string().max(200).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `GET /api/audit?objectKind=monitor&objectId=…`: one object's history (read); everything else is for admins. */
export const auditRoutes = new Hono<AppEnv>().get("/audit", requireScope("read"), async (c) => {
  const q = queryParams(c, auditQuery);
  const perObject = q.objectKind && q.objectId;
  if (!perObject && !c.get("principal").scopes.includes("admin"))
    throw new ApiError(
      "FORBIDDEN",
      "the whole audit log is for admins: give objectKind and objectId for one object's history",
    );
  const entries = await listAudit(c.env.DB, {
    objectKind: q.objectKind,
    objectId: q.objectId,
    actorId: q.actor,
    before: q.before,
    limit: q.limit,
  });
  const people = await getUsersByIds(
    c.env.DB,
    entries.map((e) => e.actorId),
  );
  return c.json({
    entries: entries.map((e) => {
      const u = people.get(e.actorId);
      return { ...e, actor: u ? toPerson(u) : null };
    }),
    next: entries.length === q.limit ? entries[entries.length - 1]!.id : null,
  });
});
