import type { Channel, MonitorDef, NotifyPer } from "../../core/contracts/alerting";
import { maskSecret } from "../../core/contracts/channel-secrets";

interface MonitorRow {
  id: string;
  definition: string;
}

export async function getMonitor(db: D1Database, idOrSlug: string): Promise<MonitorDef | null> {
  const row = await db
    .prepare("SELECT id, definition FROM monitors WHERE id = ? OR slug = ?")
    .bind(idOrSlug, idOrSlug)
    .first<MonitorRow>();
  return row ? (JSON.parse(row.definition) as MonitorDef) : null;
}

export async function listMonitors(
  db: D1Database,
  q: { collection?: string; team?: string; teamIds?: string[]; limit: number },
): Promise<MonitorDef[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.collection) where.push("collection = ?"), args.push(q.collection);
  if (q.team) where.push("(team_id = ? OR team = ?)"), args.push(q.team, q.team);
  if (q.teamIds) {
    if (!q.teamIds.length) return [];
    where.push(`team_id IN (${q.teamIds.map(() => "?").join(",")})`), args.push(...q.teamIds);
  }
  const sql = `SELECT id, definition FROM monitors ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY name LIMIT ?`;
  const { results } = await db
    .prepare(sql)
    .bind(...args, q.limit)
    .all<MonitorRow>();
  return results.map((r) => JSON.parse(r.definition) as MonitorDef);
}

/** Insert or replace the current definition and append it to the version history, atomically. */
export async function saveMonitor(db: D1Database, def: MonitorDef, changedBy: string): Promise<void> {
  await db.batch(saveMonitorStatements(db, def, changedBy));
}

/** saveMonitor's statements, for callers that write a monitor in one batch with something else (an SLO). */
export function saveMonitorStatements(db: D1Database, def: MonitorDef, changedBy: string): D1PreparedStatement[] {
  const json = JSON.stringify(def);
  return [
    db
      .prepare(
        `INSERT INTO monitors (id, slug, name, collection, team, enabled, version, definition, created_by, created_at, updated_at, team_id, collection_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, name = excluded.name, collection = excluded.collection, team = excluded.team,
           team_id = excluded.team_id, collection_id = excluded.collection_id,
           enabled = excluded.enabled, version = excluded.version, definition = excluded.definition, updated_at = excluded.updated_at`,
      )
      .bind(
        def.id,
        def.slug,
        def.name,
        def.collection,
        def.team,
        def.enabled ? 1 : 0,
        def.version,
        json,
        def.createdBy,
        def.createdAt,
        def.updatedAt,
        def.teamId ?? null,
        def.collectionId ?? null,
      ),
    db
      .prepare(
        "INSERT INTO monitor_versions (monitor_id, version, definition, changed_by, changed_at) VALUES (?, ?, ?, ?, ?)",
      )
      .bind(def.id, def.version, json, changedBy, def.updatedAt),
  ];
}

export async function deleteMonitor(db: D1Database, id: string): Promise<void> {
  // Its mirrored health goes with it (a row left behind would be harmless: health is read by monitor id).
  await db.batch([
    deleteMonitorStatement(db, id),
    db.prepare("DELETE FROM monitor_health WHERE monitor_id = ?").bind(id),
  ]);
}

export function deleteMonitorStatement(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare("DELETE FROM monitors WHERE id = ?").bind(id);
}

export async function slugTaken(db: D1Database, slug: string, exceptId?: string): Promise<boolean> {
  const row = await db.prepare("SELECT id FROM monitors WHERE slug = ?").bind(slug).first<{ id: string }>();
  return !!row && row.id !== exceptId;
}

export async function listVersions(
  db: D1Database,
  id: string,
): Promise<{ version: number; changedBy: string; changedAt: number; definition: MonitorDef }[]> {
  const { results } = await db
    .prepare(
      "SELECT version, changed_by, changed_at, definition FROM monitor_versions WHERE monitor_id = ? ORDER BY version DESC LIMIT 200",
    )
    .bind(id)
    .all<{ version: number; changed_by: string; changed_at: number; definition: string }>();
  return results.map((r) => ({
    version: r.version,
    changedBy: r.changed_by,
    changedAt: r.changed_at,
    definition: JSON.parse(r.definition) as MonitorDef,
  }));
}

// Notification channels.

interface ChannelRow {
  id: string;
  name: string;
  kind: string;
  config: string;
  notify_per: string | null;
  created_at: number;
}

const toChannel = (r: ChannelRow): Channel =>
  ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    notifyPer: r.notify_per === "incident" ? "incident" : "alert",
    config: JSON.parse(r.config),
    createdAt: r.created_at,
  }) as Channel;

export async function insertChannel(db: D1Database, ch: Channel, createdBy: string): Promise<void> {
  await db
    .prepare(
      "INSERT INTO notification_channels (id, name, kind, notify_per, config, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(ch.id, ch.name, ch.kind, ch.notifyPer ?? "alert", JSON.stringify(ch.config), createdBy, ch.createdAt)
    .run();
}

export async function getChannels(db: D1Database, ids?: string[]): Promise<Channel[]> {
  if (ids && ids.length === 0) return [];
  const stmt = ids
    ? db.prepare(`SELECT * FROM notification_channels WHERE id IN (${ids.map(() => "?").join(",")})`).bind(...ids)
    : db.prepare("SELECT * FROM notification_channels ORDER BY name LIMIT 500");
  const { results } = await stmt.all<ChannelRow>();
  return results.map(toChannel);
}

export async function setChannelNotifyPer(db: D1Database, id: string, notifyPer: NotifyPer): Promise<boolean> {
  const r = await db.prepare("UPDATE notification_channels SET notify_per = ? WHERE id = ?").bind(notifyPer, id).run();
  return (r.meta.changes ?? 0) > 0;
}

/** What notifies a channel: monitors (an SLO's burn-rate monitors among them), SLOs and teams, by name. */
export async function channelUsers(
  db: D1Database,
  id: string,
): Promise<{ monitors: string[]; slos: string[]; teams: string[] }> {
  const [monitors, slos, teams] = await db.batch<{ name: string }>([
    db
      .prepare(
        "SELECT name FROM monitors WHERE EXISTS (SELECT 1 FROM json_each(definition, '$.channels') WHERE value = ?) ORDER BY name LIMIT 50",
      )
      .bind(id),
    db
      .prepare(
        "SELECT name FROM slos WHERE EXISTS (SELECT 1 FROM json_each(definition, '$.alerting.channels') WHERE value = ?) ORDER BY name LIMIT 50",
      )
      .bind(id),
    db
      .prepare(
        "SELECT t.name AS name FROM team_channels tc JOIN teams t ON t.id = tc.team_id WHERE tc.channel_id = ? ORDER BY t.name LIMIT 50",
      )
      .bind(id),
  ]);
  const names = (r: D1Result<{ name: string }>) => r.results.map((x) => x.name);
  return { monitors: names(monitors), slos: names(slos), teams: names(teams) };
}

export async function deleteChannel(db: D1Database, id: string): Promise<boolean> {
  const r = await db.prepare("DELETE FROM notification_channels WHERE id = ?").bind(id).run();
  return (r.meta.changes ?? 0) > 0;
}

/**
 * Secrets stay server-side, for every scope: routing keys and webhook URLs (Slack's and an Alertmanager-style
 * receiver's, whose path or query often carries a token) are shown by their last 4 characters only.
 */
export function redactChannel(ch: Channel): Channel {
  if (ch.kind === "pagerduty") return { ...ch, config: { ...ch.config, routingKey: maskSecret(ch.config.routingKey) } };
  if (ch.kind === "slack") return { ...ch, config: { webhookUrl: maskSecret(ch.config.webhookUrl) } };
  if (ch.kind === "alertmanager") return { ...ch, config: { url: maskSecret(ch.config.url) } };
  return ch;
}
