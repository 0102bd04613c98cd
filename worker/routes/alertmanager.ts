import { publicUrlFor } from "../../platform/public-url";
import { Hono, type Context } from "hono";
import { postableSilenceSchema } from "../../core/contracts/alerting";
import { isValidRegex, matcherMatches, muteStatus, ruleMatches, type Matcher } from "../../core/alerting/muting";
import { ZERO_TIME } from "../../core/notify/alertmanager";
import { fingerprint } from "../../core/notify/fingerprint";
import { getAlert, listAlerts } from "../../platform/db/alerts";
import { ackSilence, ackSilenceId, alertIdOfAckSilence } from "../lib/ack-silence";
import { getMute, listMutes, liveMutes, upsertMute, type StoredMute } from "../../platform/db/muting-rules";
import type { AppEnv } from "../app-env";
import { newId } from "../../platform/lib/crypto";
import { formatZodError } from "../errors";
import { publishQuietly } from "../../platform/live/publish";
import { requireScope } from "../middleware/auth";

// Alertmanager API v2, so amtool-style clients can list and manage silences (= Vigil muting rules) and alerts.
// Errors keep Alertmanager's envelope: a JSON string body with a 4xx status.

const amState = { scheduled: "pending", active: "active", expired: "expired" } as const;

function gettable(m: StoredMute, now: number) {
  return {
    id: m.id,
    status: { state: amState[muteStatus(m, now)] },
    updatedAt: new Date(m.updatedAt).toISOString(),
    matchers: m.matchers.map((x) => ({
      name: x.name,
      value: x.value,
      isRegex: x.op.includes("~"),
      isEqual: !x.op.startsWith("!"),
    })),
    startsAt: new Date(m.startsAt).toISOString(),
    endsAt: new Date(m.endsAt).toISOString(),
    createdBy: m.createdBy,
    comment: m.comment,
    ...(m.monitorId ? { monitorId: m.monitorId } : {}),
  };
}

const amError = (c: Context<AppEnv>, status: 400 | 404, message: string) => c.json(message, status);

/** `name="v"`, `name!~"re"` … as in amtool's --filter. */
function parseFilter(s: string): Matcher | null {
  const m = /^\s*([^!=~\s]+)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$/.exec(s);
  return m ? { name: m[1], op: m[2] as Matcher["op"], value: m[3] } : null;
}

async function inhibitorFingerprints(
  db: D1Database,
  ids: string[],
  labelsById: Map<string, Record<string, string>>,
): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) {
    const labels = labelsById.get(id) ?? (await getAlert(db, id))?.labels;
    if (labels) out.push(fingerprint(labels));
  }
  return out;
}

export const alertmanagerRoutes = new Hono<AppEnv>()
  .get("/v2/silences", requireScope("read"), async (c) => {
    const now = Date.now();
    const mutes = await listMutes(c.env.DB, { includeExpiredSince: now - 7 * 86_400_000, limit: 1000 });
    return c.json(mutes.map((m) => gettable(m, now)));
  })
  .post("/v2/silences", requireScope("respond"), async (c) => {
    let raw: unknown;
    try {
      raw = JSON.parse(await c.req.text());
    } catch {
      return amError(c, 400, "body is not valid JSON");
    }
    const parsed = postableSilenceSchema.safeParse(raw);
    if (!parsed.success) return amError(c, 400, formatZodError(parsed.error));
    const s = parsed.data;
    const startsAt = Date.parse(s.startsAt);
    const endsAt = Date.parse(s.endsAt);
    if (endsAt <= startsAt) return amError(c, 400, "silence invalid: end time must not be before start time");
    const matchers: Matcher[] = s.matchers.map((m) => ({
      name: m.name,
      value: m.value,
      op: m.isRegex ? (m.isEqual ? "=~" : "!~") : m.isEqual ? "=" : "!=",
    }));
    if (matchers.some((m) => m.op.includes("~") && !isValidRegex(m.value)))
      return amError(c, 400, "silence invalid: invalid regular expression");
    const now = Date.now();
    const existing = s.id ? await getMute(c.env.DB, s.id) : null;
    if (s.id && !existing) return amError(c, 404, `silence ${s.id} not found`);
    const m: StoredMute = {
      id: existing?.id ?? newId("mute"),
      matchers,
      monitorId: existing?.monitorId ?? null,
      startsAt,
      endsAt,
      comment: s.comment,
      createdBy: s.createdBy || c.get("principal").userId,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    await upsertMute(c.env.DB, m);
    await publishQuietly(c.env, "mutes", {
      kind: existing ? "mute.updated" : "mute.created",
      data: { ...gettable(m, now) },
    });
    return c.json({ silenceID: m.id });
  })
  .get("/v2/silence/:id", requireScope("read"), async (c) => {
    const ackOf = alertIdOfAckSilence(c.req.param("id"));
    if (ackOf !== null) {
      const a = await getAlert(c.env.DB, ackOf);
      return a?.ack ? c.json(ackSilence(a, a.ack)) : amError(c, 404, `silence ${c.req.param("id")} not found`);
    }
    const m = await getMute(c.env.DB, c.req.param("id"));
    return m ? c.json(gettable(m, Date.now())) : amError(c, 404, `silence ${c.req.param("id")} not found`);
  })
  .delete("/v2/silence/:id", requireScope("respond"), async (c) => {
    // Alertmanager expires rather than deletes, so the silence stays visible as expired.
    const m = await getMute(c.env.DB, c.req.param("id"));
    if (!m) return amError(c, 404, `silence ${c.req.param("id")} not found`);
    const now = Date.now();
    if (m.endsAt > now)
      await upsertMute(c.env.DB, { ...m, endsAt: now, startsAt: Math.min(m.startsAt, now), updatedAt: now });
    await publishQuietly(c.env, "mutes", { kind: "mute.expired", data: { id: m.id } });
    return c.body(null, 200);
  })
  .get("/v2/alerts", requireScope("read"), async (c) => {
    const q = c.req.queries();
    const flag = (name: string) => (q[name]?.[0] ?? "true") !== "false";
    const filters = (q.filter ?? []).map(parseFilter);
    if (filters.some((f) => f === null)) return amError(c, 400, "bad matcher format");
    const now = Date.now();
    const [alerts, mutes] = await Promise.all([
      // Firing, and firing with its data missing (its page is still open): Alertmanager has no pending alerts.
      listAlerts(c.env.DB, { state: "active", limit: 500 }).then((as) => as.filter((a) => a.state !== "pending")),
      liveMutes(c.env.DB, now),
    ]);
    const publicUrl = publicUrlFor(c.env, c.req.url);
    const byId = new Map(alerts.map((a) => [a.id, a.labels]));
    const out = [];
    for (const a of alerts) {
      if (!filters.every((f) => matcherMatches(f!, a.labels))) continue;
      const silencedBy = mutes
        .filter((m) => muteStatus(m, now) === "active" && ruleMatches(m, { monitorId: a.monitorId, labels: a.labels }))
        .map((m) => m.id);
      if (a.ack) silencedBy.push(ackSilenceId(a.id));
      // Alertmanager reports inhibitors by fingerprint; the monitor decided them at its last check.
      const inhibitedBy = await inhibitorFingerprints(c.env.DB, a.inhibitedBy ?? [], byId);
      if (silencedBy.length && !flag("silenced")) continue;
      if (inhibitedBy.length && !flag("inhibited")) continue;
      if (!silencedBy.length && !inhibitedBy.length && !flag("active")) continue;
      out.push({
        labels: a.labels,
        annotations: a.annotations,
        startsAt: new Date(a.firingAt ?? a.startedAt).toISOString(),
        endsAt: ZERO_TIME,
        updatedAt: new Date(a.updatedAt).toISOString(),
        generatorURL: `${publicUrl}/alerts/${encodeURIComponent(a.id)}`,
        fingerprint: fingerprint(a.labels),
        receivers: [{ name: "vigil" }],
        status: {
          state: silencedBy.length || inhibitedBy.length ? "suppressed" : "active",
          silencedBy,
          inhibitedBy,
          mutedBy: [],
        },
      });
    }
    return c.json(out);
  });
