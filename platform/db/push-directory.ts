// The push channel's directory over D1: whom a channel pages, on which devices, and what each send did.
import { defaultPushPreferences, type PushPreferences } from "../../core/contracts/push";
import type { PushDirectory, PushRecipient, VapidKeys } from "../../core/ports/push";
import { mintPushAckToken } from "./push-ack-tokens";

/** Devices one channel may page: 100 people × 20 devices is the schema's bound; this keeps a query sane. */
const MAX_TARGET_DEVICES = 2000;
/** A delivery retries for well under a day (see MAX_ATTEMPTS); its per-device record is kept two. */
const KEEP_REACHED_MS = 2 * 86_400_000;

interface Row {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  time_zone: string | null;
  severities: string | null;
  quiet_start: string | null;
  quiet_end: string | null;
}

function prefsOf(r: Row): PushPreferences {
  if (r.severities === null) return defaultPushPreferences;
  return {
    severities: JSON.parse(r.severities) as PushPreferences["severities"],
    quietHours: r.quiet_start && r.quiet_end ? { start: r.quiet_start, end: r.quiet_end } : null,
  };
}

export function d1PushDirectory(db: D1Database, vapid: VapidKeys | null): PushDirectory {
  return {
    vapid,
    async recipients({ users, teams }) {
      const names = users.map((u) => u.replace(/^@/, "").toLowerCase());
      const teamKeys = teams.map((t) => t.replace(/^@/, "").toLowerCase());
      // A person who is not in the users table yet (a token's bare user id) is matched by id; a disabled one never.
      const { results } = await db
        .prepare(
          `WITH t AS (SELECT id FROM teams WHERE id IN (SELECT value FROM json_each(?2))
                        OR slug IN (SELECT value FROM json_each(?3)) OR lower(name) IN (SELECT value FROM json_each(?3))),
                u AS (SELECT value AS id FROM json_each(?1)
                      UNION SELECT id FROM users WHERE handle IN (SELECT value FROM json_each(?4))
                      UNION SELECT user_id FROM team_members WHERE team_id IN (SELECT id FROM t))
           SELECT s.id, s.user_id, s.endpoint, s.p256dh, s.auth, us.time_zone, p.severities, p.quiet_start, p.quiet_end
           FROM push_subscriptions s
           LEFT JOIN users us ON us.id = s.user_id
           LEFT JOIN push_preferences p ON p.user_id = s.user_id
           WHERE s.user_id IN (SELECT id FROM u) AND us.disabled_at IS NULL
           ORDER BY s.user_id, s.created_at LIMIT ${MAX_TARGET_DEVICES}`,
        )
        .bind(JSON.stringify(users), JSON.stringify(teams), JSON.stringify(teamKeys), JSON.stringify(names))
        .all<Row>();
      const byUser = new Map<string, PushRecipient>();
      for (const r of results) {
        let rec = byUser.get(r.user_id);
        if (!rec) {
          rec = { userId: r.user_id, timeZone: r.time_zone ?? "UTC", prefs: prefsOf(r), devices: [] };
          byUser.set(r.user_id, rec);
        }
        rec.devices.push({ id: r.id, endpoint: r.endpoint, p256dh: r.p256dh, auth: r.auth });
      }
      return [...byUser.values()];
    },
    async reached(deliveryId) {
      const { results } = await db
        .prepare("SELECT subscription_id FROM push_deliveries WHERE delivery_id = ?")
        .bind(deliveryId)
        .all<{ subscription_id: string }>();
      return new Set(results.map((r) => r.subscription_id));
    },
    async succeeded(deviceId, deliveryId, at) {
      const stmts = [
        db
          .prepare("UPDATE push_subscriptions SET last_success_at = ?, last_error = NULL WHERE id = ?")
          .bind(at, deviceId),
      ];
      if (deliveryId)
        stmts.push(
          db
            .prepare("INSERT OR IGNORE INTO push_deliveries (delivery_id, subscription_id, at) VALUES (?, ?, ?)")
            .bind(deliveryId, deviceId, at),
          db.prepare("DELETE FROM push_deliveries WHERE at < ?").bind(at - KEEP_REACHED_MS),
        );
      await db.batch(stmts);
    },
    async failed(deviceId, error, at) {
      await db
        .prepare("UPDATE push_subscriptions SET last_error = ? WHERE id = ?")
        .bind(`${new Date(at).toISOString()} ${error}`.slice(0, 500), deviceId)
        .run();
    },
    async gone(deviceId) {
      await db.batch([
        db.prepare("DELETE FROM push_subscriptions WHERE id = ?").bind(deviceId),
        db.prepare("DELETE FROM push_deliveries WHERE subscription_id = ?").bind(deviceId),
      ]);
    },
    ackToken: (userId, alertId, now) => mintPushAckToken(db, userId, alertId, now),
  };
}
