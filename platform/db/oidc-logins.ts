export interface PendingOidcLogin {
  codeVerifier: string;
  nonce: string;
  nextPath: string;
  timeZone: string | null;
}

export async function insertOidcLogin(
  db: D1Database,
  stateHash: string,
  l: PendingOidcLogin,
  now: number,
  ttlMs: number,
): Promise<void> {
  await db.batch([
    db.prepare("DELETE FROM oidc_logins WHERE expires_at < ?").bind(now),
    db
      .prepare(
        `INSERT INTO oidc_logins (state_hash, code_verifier, nonce, next_path, time_zone, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(stateHash, l.codeVerifier, l.nonce, l.nextPath, l.timeZone, now, now + ttlMs),
  ]);
}

/** Spend a pending login: one DELETE … RETURNING, so a replayed callback finds nothing. */
export async function spendOidcLogin(db: D1Database, stateHash: string, now: number): Promise<PendingOidcLogin | null> {
  const r = await db
    .prepare("DELETE FROM oidc_logins WHERE state_hash = ? AND expires_at > ? RETURNING *")
    .bind(stateHash, now)
    .first<{ code_verifier: string; nonce: string; next_path: string; time_zone: string | null }>();
  return r ? { codeVerifier: r.code_verifier, nonce: r.nonce, nextPath: r.next_path, timeZone: r.time_zone } : null;
}
