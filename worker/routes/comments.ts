import { Hono } from "hono";
import { commentInputSchema } from "../../core/contracts/alerting";
import { ApiError } from "../../core/contracts/errors";
import { getAlert } from "../../platform/db/alerts";
import { insertComment, listComments } from "../../platform/db/comments";
import { getMonitor } from "../../platform/db/monitors";
import type { AppEnv } from "../app-env";
import { newId } from "../../platform/lib/crypto";
import { publishQuietly } from "../../platform/live/publish";
import { deliverMentions, resolveMentions } from "../../platform/people/mentions";
import { toPerson } from "../../platform/db/users";
import { requestPerson } from "../lib/person";
import { jsonBody } from "../lib/validate";
import { requireScope } from "../middleware/auth";

type Kind = "monitor" | "alert";

/** Resolve the target to its canonical id (monitors may be addressed by slug) and its monitor for the live topic. */
async function target(
  db: D1Database,
  kind: Kind,
  id: string,
): Promise<{ id: string; monitorId: string; title: string }> {
  if (kind === "monitor") {
    const m = await getMonitor(db, id);
    if (!m) throw new ApiError("NOT_FOUND", `monitor ${id} not found`);
    return { id: m.id, monitorId: m.id, title: `monitor ${m.name}` };
  }
  const a = await getAlert(db, id);
  if (!a) throw new ApiError("NOT_FOUND", `alert ${id} not found`);
  return { id: a.id, monitorId: a.monitorId, title: `alert ${a.monitorName}` };
}

function commentsFor(kind: Kind) {
  return new Hono<AppEnv>()
    .get("/", requireScope("read"), async (c) => {
      const t = await target(c.env.DB, kind, c.req.param("id")!);
      return c.json({ comments: await listComments(c.env.DB, kind, t.id) });
    })
    .post("/", requireScope("respond"), async (c) => {
      const t = await target(c.env.DB, kind, c.req.param("id")!);
      const { body } = await jsonBody(c, commentInputSchema);
      const person = await requestPerson(c);
      const comment = await insertComment(c.env.DB, {
        id: newId("cmt"),
        targetKind: kind,
        targetId: t.id,
        author: person.id,
        body,
        createdAt: Date.now(),
      });
      const mentions = await resolveMentions(c.env.DB, body);
      const by = toPerson(person);
      const reached = await deliverMentions(
        c.env,
        mentions,
        by,
        {
          kind: `${kind}.comment`,
          id: t.id,
          title: t.title,
          path: kind === "monitor" ? `/monitors/${t.id}` : `/alerts/${t.id}`,
          excerpt: body,
        },
        { origin: new URL(c.req.url).origin, waitUntil: (p) => c.executionCtx.waitUntil(p) },
      );
      await publishQuietly(c.env, ["comments", `monitor:${t.monitorId}`], {
        kind: "comment.created",
        data: { ...comment, by },
      });
      return c.json({ ...comment, by, mentioned: reached }, 201);
    });
}

/** Markdown comments on monitors and alerts; HTML is rendered inert by core/markdown. */
export const commentRoutes = new Hono<AppEnv>()
  .route("/monitors/:id/comments", commentsFor("monitor"))
  .route("/alerts/:id/comments", commentsFor("alert"));
