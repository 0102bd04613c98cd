// Single-purpose acknowledge tokens carried by push pages (issue 16). Hashed at rest like API tokens and sign-in codes.
import { PUSH_ACK_TOKEN_PREFIX } from "../../core/contracts/push";
import { randomToken, sha256Hex } from "../lib/crypto";

/** Long enough for a phone to wake and its owner to tap; short enough that a leaked page is soon worthless. */
export const PUSH_ACK_TTL_MS = 3_600_000;

/** Mint a token that acknowledges `alertId` as `userId`, and store its hash. Expired ones are pruned on the way. */
export async function mintPushAckToken(db: D1Database, userId: string, alertId: string, now: number): Promise<string> {
  const token = `${PUSH_ACK_TOKEN_PREFIX}${randomToken(24)}`;
  await db.batch([
    db
      .prepare("INSERT INTO push_ack_tokens (hash, user_id, alert_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
      .bind(await sha256Hex(token), userId, alertId, now, now + PUSH_ACK_TTL_MS),
    // A day past expiry: the row still explains "expired" for a while, then goes.
    db.prepare("DELETE FROM push_ack_tokens WHERE expires_at < ?").bind(now - 86_400_000),
  ]);
  return token;
}

/** Spend a token for this alert: one conditional UPDATE, so two taps racing cannot both win. */
export async function spendPushAckToken(
  db: D1Database,
  token: string,
  alertId: string,
  now: number,
): Promise<{ userId: string } | null> {
  const row = await db
    .prepare(
      `UPDATE push_ack_tokens SET used_at = ?1
       WHERE hash = ?2 AND alert_id = ?3 AND used_at IS NULL AND expires_at > ?1 RETURNING user_id`,
    )
    .bind(now, await sha256Hex(token), alertId)
    .first<{ user_id: string }>();
  return row ? { userId: row.user_id } : null;
}

/** Why a token did not work, for the message. */
export async function pushAckTokenState(
  db: D1Database,
  token: string,
  alertId: string,
  now: number,
): Promise<"used" | "expired" | "other-alert" | "unknown"> {
  const row = await db
    .prepare("SELECT alert_id, used_at, expires_at FROM push_ack_tokens WHERE hash = ?")
    .bind(await sha256Hex(token))
    .first<{ alert_id: string; used_at: number | null; expires_at: number }>();
  if (!row) return "unknown";
  if (row.alert_id !== alertId) return "other-alert";
  return row.used_at !== null ? "used" : row.expires_at <= now ? "expired" : "unknown";
}
