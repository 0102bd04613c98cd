// Just-in-time users from an identity provider, and the sessions a browser holds afterwards.
import type { User } from "../../core/contracts/people";
import { isTimeZone } from "../../core/people/time-zone";
import { insertSession, type SessionMethod } from "../db/sessions";
import { syncGroups } from "../db/team-groups";
import { getUser, insertUser, toUser } from "../db/users";
import type { Env } from "../env";
import { newId, randomToken, sha256Hex } from "../lib/crypto";
import { peopleConfig } from "./config";

export interface ExternalIdentity {
  provider: string; // oidc:<issuer> | access:<team domain>
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  handleHint: string | null;
  picture: string | null;
  groups: string[] | null;
  timeZone: string | null;
}

/**
 * The user behind a provider identity: found by (provider, subject); else an existing user with the same verified
 * email is linked; else created just in time. A `groups` claim, when the provider sends one, sets the
 * group-sourced team memberships.
 */
export async function userForIdentity(env: Env, id: ExternalIdentity, now: number): Promise<User> {
  const db = env.DB;
  const cfg = peopleConfig(env);
  const linked = await db
    .prepare(
      "SELECT u.* FROM user_identities i JOIN users u ON u.id = i.user_id WHERE i.provider = ? AND i.subject = ?",
    )
    .bind(id.provider, id.subject)
    .first<Parameters<typeof toUser>[0]>();
  let user = linked ? toUser(linked) : null;
  if (!user && id.email && id.emailVerified) {
    const row = await db
      .prepare("SELECT * FROM users WHERE email = ? COLLATE NOCASE")
      .bind(id.email)
      .first<Parameters<typeof toUser>[0]>();
    user = row ? toUser(row) : null;
  }
  if (!user) {
    const admin = !!id.email && id.emailVerified && cfg.adminEmails.has(id.email.toLowerCase());
    user = await insertUser(
      db,
      {
        id: newId("usr"),
        name: id.name ?? id.handleHint ?? id.email ?? "New user",
        email: id.email && id.emailVerified ? id.email : null,
        handleHint: id.handleHint,
        avatarUrl: id.picture && /^https:\/\//.test(id.picture) ? id.picture : null,
        timeZone: id.timeZone && isTimeZone(id.timeZone) ? id.timeZone : null,
        role: admin ? "admin" : cfg.defaultRole,
      },
      now,
    );
  }
  await db
    .prepare(
      `INSERT INTO user_identities (provider, subject, user_id, groups, created_at, last_login_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(provider, subject) DO UPDATE SET groups = excluded.groups, last_login_at = excluded.last_login_at`,
    )
    .bind(id.provider, id.subject, user.id, JSON.stringify(id.groups ?? []), now, now)
    .run();
  if (id.groups) await syncGroups(db, user.id, id.groups, now);
  // A browser's zone fills in a zone nobody chose yet; it never overrides one the person set.
  if (id.timeZone && isTimeZone(id.timeZone) && user.timeZoneSource === "default") {
    await db
      .prepare("UPDATE users SET time_zone = ?, time_zone_source = 'browser' WHERE id = ?")
      .bind(id.timeZone, user.id)
      .run();
  }
  return (await getUser(db, user.id))!;
}

export interface OpenedSession {
  /** The cookie's value: never stored, never logged. */
  secret: string;
  id: string;
  expiresAt: number;
}

export async function openSession(
  env: Env,
  s: { userId: string; method: SessionMethod; identity: string | null; userAgent: string | null },
  now: number,
): Promise<OpenedSession> {
  const secret = `vss_${randomToken(32)}`;
  const id = await sha256Hex(secret);
  const expiresAt = now + peopleConfig(env).sessionTtlMs;
  await insertSession(env.DB, { id, ...s, expiresAt }, now);
  return { secret, id, expiresAt };
}

/** The CSRF token of a session: derived from its secret, so it needs no storage and dies with the session. */
export function csrfTokenFor(sessionSecret: string): Promise<string> {
  return sha256Hex(`csrf:${sessionSecret}`);
}
