import { Hono } from "hono";
import { z } from "zod";
import { topicSchema } from "../../core/contracts/alerting";
import { ApiError } from "../../core/contracts/errors";
import type { AppEnv } from "../app-env";
import { liveFeed } from "../../platform/live/publish";
import { queryParams } from "../lib/validate";
import { requireScope } from "../middleware/auth";

const liveQuery = z.object({
  topics: z
    .string()
    .max(2000)
    .default("alerts")
    .transform((s, ctx) => {
      const list = s
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean);
      for (const t of list) {
        const r = topicSchema.safeParse(t);
        if (!r.success)
          ctx.addIssue({ code: "custom", message: `unknown topic '${t}': ${r.error.issues[0]?.message}` });
      }
      return list;
    }),
  resume_from: z.coerce.number().int().nonnegative().optional(),
  access_token: z.string().optional(),
});

/** `GET /api/live?access_token=…&topics=alerts,monitor:<id>&resume_from=<lastId>`: the token is checked here, before the socket exists. */
export const liveRoutes = new Hono<AppEnv>().get("/live", requireScope("read"), async (c) => {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket")
    throw new ApiError("BAD_REQUEST", "expected a WebSocket upgrade");
  const q = queryParams(c, liveQuery);
  // `user:<id>` topics (mentions) are private: only that person's own connections may hear them.
  const me = c.get("principal").userId;
  const foreign = q.topics.find((t) => t.startsWith("user:") && t !== `user:${me}`);
  if (foreign) throw new ApiError("FORBIDDEN", `${foreign} is another person's topic`);
  const url = new URL("https://live-feed/connect");
  url.searchParams.set("topics", q.topics.join(","));
  url.searchParams.set("user", me);
  if (q.resume_from !== undefined) url.searchParams.set("resume_from", String(q.resume_from));
  const res = await liveFeed(c.env).fetch(new Request(url, { headers: { upgrade: "websocket" } }));
  // Re-wrap: a Response from a stub has immutable headers, and the middleware adds x-request-id.
  return new Response(res.body, { status: res.status, webSocket: res.webSocket, headers: res.headers });
});
