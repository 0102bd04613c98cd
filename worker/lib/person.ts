import type { Context } from "hono";
import type { User } from "../../core/contracts/people";
import { ensureTokenUser, getUser } from "../../platform/db/users";
import type { AppEnv } from "../app-env";

const memo = new WeakMap<Request, Promise<User>>();

/**
 * The person behind this request: the signed-in user of a session, or the user a token names (created on first
 * sight, so older tokens' free-text user ids become people too). Call after `requireScope`. Features that record
 * who did something (comments, acknowledge, notebooks, subscriptions) use this, never a token's raw fields.
 */
export function requestPerson(c: Context<AppEnv>): Promise<User> {
  const hit = memo.get(c.req.raw);
  if (hit) return hit;
  const p = c.get("principal");
  const found = (async () => {
    if (p.kind === "session") {
      const u = await getUser(c.env.DB, p.userId);
      if (u) return u;
    }
    return ensureTokenUser(c.env.DB, p.userId, Date.now());
  })();
  memo.set(c.req.raw, found);
  return found;
}
