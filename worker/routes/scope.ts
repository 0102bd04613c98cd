import { Hono } from "hono";
import { z } from "zod";
import { ApiError } from "../../core/contracts/errors";
import { PromQLError } from "../../core/promql/errors";
import { compileAnchored } from "../../core/promql/regex";
import {
  applyScope,
  formatScopeText,
  parseScopeText,
  scopeSchema,
  type ScopeMatcher,
} from "../../core/scope/promql-scope";
import type { AppEnv } from "../app-env";
import { getUserScope, putUserScope } from "../../platform/db/user-scopes";
import { jsonBody } from "../lib/validate";
import { requireScope } from "../middleware/auth";

/** Matchers as JSON, or the URL text form (`environment=production,region=us-east-1`). */
const scopeInput = z.union([
  z.object({ matchers: scopeSchema }).strict(),
  z.object({ text: z.string().max(4_000) }).strict(),
]);

function toMatchers(input: z.infer<typeof scopeInput>): ScopeMatcher[] {
  let matchers: ScopeMatcher[];
  if ("matchers" in input) matchers = input.matchers;
  else {
    try {
      matchers = scopeSchema.parse(parseScopeText(input.text));
    } catch (e) {
      throw new ApiError("VALIDATION", `scope text: ${e instanceof Error ? e.message : "unreadable"}`);
    }
  }
  for (const m of matchers) {
    if (m.op === "=~" || m.op === "!~") {
      try {
        compileAnchored(m.value);
      } catch (e) {
        throw new ApiError(
          "VALIDATION",
          `scope matcher ${m.label}${m.op}"${m.value}": ${e instanceof Error ? e.message : "invalid regex"}`,
        );
      }
    }
  }
  return matchers;
}

const applySchema = z
  .object({
    query: z.string().min(1).max(20_000),
    scope: scopeSchema.optional(),
    text: z.string().max(4_000).optional(),
  })
  .strict();

export const scopeRoutes = new Hono<AppEnv>()
  .get("/scope", requireScope("read"), async (c) => {
    const s = await getUserScope(c.env.DB, c.get("principal").userId);
    return c.json({ ...s, text: formatScopeText(s.matchers) });
  })
  .put("/scope", requireScope("write"), async (c) => {
    const matchers = toMatchers(await jsonBody(c, scopeInput));
    const now = Date.now();
    await putUserScope(c.env.DB, c.get("principal").userId, matchers, now);
    return c.json({ matchers, updatedAt: now, text: formatScopeText(matchers) });
  })
  .post("/scope/apply", requireScope("read"), async (c) => {
    const body = await jsonBody(c, applySchema);
    const scope =
      body.scope !== undefined
        ? toMatchers({ matchers: body.scope })
        : body.text !== undefined
          ? toMatchers({ text: body.text })
          : (await getUserScope(c.env.DB, c.get("principal").userId)).matchers;
    let result;
    try {
      result = applyScope(body.query, scope);
    } catch (e) {
      if (e instanceof PromQLError) throw new ApiError("VALIDATION", `query: ${e.message}`);
      throw e;
    }
    if (!result.ok) {
      throw new ApiError(
        "CONFLICT",
        `the query contradicts the pinned scope: ${result.conflicts.map((x) => x.reason).join("; ")}`,
        { conflicts: result.conflicts, scope },
      );
    }
    return c.json({ ...result, scope });
  });
