import type { Scope, TokenInfo } from "../../core/contracts/auth";
import { insertToken } from "../db/tokens";
import { ensureTokenUser } from "../db/users";
import { newId, randomToken, sha256Hex } from "../lib/crypto";

/** Create a token: the secret is returned once, only its SHA-256 hash is stored. */
export async function mintToken(
  db: D1Database,
  t: { name: string; userId: string; scopes: Scope[]; createdBy: string },
): Promise<{ secret: string; info: TokenInfo }> {
  const secret = `vgl_${randomToken(24)}`;
  // The token's user becomes a person (handle, name, time zone) the first time a token names them.
  await ensureTokenUser(db, t.userId, Date.now());
  const info = await insertToken(db, {
    id: newId("tok"),
    ...t,
    hash: await sha256Hex(secret),
    prefix: secret.slice(0, 8),
    now: Date.now(),
  });
  return { secret, info };
}
