import {
  defaultPushPreferences,
  type PushDevice,
  type PushPreferences,
  type PushSubscriptionInput,
} from "../../core/contracts/push";

/** A person may register this many devices; past it the oldest must be revoked first. */
export const MAX_DEVICES_PER_USER = 20;

interface Row {
  id: string;
  endpoint: string;
  device_name: string;
  created_at: number;
  last_success_at: number | null;
  last_error: string | null;
}

const toDevice = (r: Row): PushDevice => ({
  id: r.id,
  deviceName: r.device_name,
  service: new URL(r.endpoint).host,
  createdAt: r.created_at,
  lastSuccessAt: r.last_success_at,
  lastError: r.last_error,
});

export async function listDevices(db: D1Database, userId: string): Promise<PushDevice[]> {
  const { results } = await db
    .prepare("SELECT * FROM push_subscriptions WHERE user_id = ? ORDER BY created_at LIMIT 100")
    .bind(userId)
    .all<Row>();
  return results.map(toDevice);
}

export async function countDevices(db: D1Database, userId: string): Promise<number> {
  const r = await db
    .prepare("SELECT count(*) AS n FROM push_subscriptions WHERE user_id = ?")
    .bind(userId)
    .first<{ n: number }>();
  return r?.n ?? 0;
}

/**
 * Register a device. The same endpoint again (the browser re-subscribed, or another person signed in on that
 * browser) replaces the earlier row: a device pages only the person who last subscribed it.
 */
export async function upsertDevice(
  db: D1Database,
  id: string,
  userId: string,
  s: PushSubscriptionInput,
  now: number,
): Promise<PushDevice> {
  const row = await db
    .prepare(
      `INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth, device_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
         device_name = excluded.device_name, last_error = NULL
       RETURNING *`,
    )
    .bind(id, userId, s.endpoint, s.keys.p256dh, s.keys.auth, s.deviceName, now)
    .first<Row>();
  return toDevice(row!);
}

export async function deleteDevice(db: D1Database, userId: string, id: string): Promise<boolean> {
  const r = await db.prepare("DELETE FROM push_subscriptions WHERE id = ? AND user_id = ?").bind(id, userId).run();
  return (r.meta.changes ?? 0) > 0;
}

export async function getPreferences(db: D1Database, userId: string): Promise<PushPreferences> {
  const r = await db
    .prepare("SELECT severities, quiet_start, quiet_end FROM push_preferences WHERE user_id = ?")
    .bind(userId)
    .first<{ severities: string; quiet_start: string | null; quiet_end: string | null }>();
  if (!r) return defaultPushPreferences;
  return {
    severities: JSON.parse(r.severities) as PushPreferences["severities"],
    quietHours: r.quiet_start && r.quiet_end ? { start: r.quiet_start, end: r.quiet_end } : null,
  };
}

export async function setPreferences(db: D1Database, userId: string, p: PushPreferences, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO push_preferences (user_id, severities, quiet_start, quiet_end, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(user_id) DO UPDATE SET severities = excluded.severities, quiet_start = excluded.quiet_start,
         quiet_end = excluded.quiet_end, updated_at = excluded.updated_at`,
    )
    .bind(userId, JSON.stringify(p.severities), p.quietHours?.start ?? null, p.quietHours?.end ?? null, now)
    .run();
}
