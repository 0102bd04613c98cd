// @-mentions: who a text names (people and teams), and reaching them on their live feed (`user:<id>` topics).
// Issue 16 adds their push subscriptions. A mentioned team's channels hear of it too (mention-channels.ts).
import type { Person } from "../../core/contracts/people";
import { excerptOf } from "../../core/notify/mention";
import { extractMentions } from "../../core/people/mentions";
import { teamChannels, teamMembers } from "../db/teams";
import { toPerson, toUser } from "../db/users";
import { config, type Env } from "../env";
import { publishQuietly } from "../live/publish";
import { type ChannelDeliveryOptions, type ChannelMention, tellTeamChannels } from "./mention-channels";

export interface MentionedTeam {
  id: string;
  handle: string;
  name: string;
  members: Person[];
  channelIds: string[];
}

export interface Mentions {
  users: Person[];
  teams: MentionedTeam[];
  /** Everyone reached: mentioned people and the members of mentioned teams, once each. */
  recipients: Person[];
}

/** Resolve the @handles in `text`; unknown handles are ignored (an email-like word is not a mention). */
export async function resolveMentions(db: D1Database, text: string): Promise<Mentions> {
  const handles = extractMentions(text);
  if (!handles.length) return { users: [], teams: [], recipients: [] };
  const marks = handles.map(() => "?").join(",");
  const [{ results: userRows }, { results: teamRows }] = await Promise.all([
    db
      .prepare(`SELECT * FROM users WHERE handle IN (${marks}) AND disabled_at IS NULL`)
      .bind(...handles)
      .all<Parameters<typeof toUser>[0]>(),
    db
      .prepare(`SELECT id, slug, name FROM teams WHERE slug IN (${marks})`)
      .bind(...handles)
      .all<{ id: string; slug: string; name: string }>(),
  ]);
  const users = userRows.map((r) => toPerson(toUser(r)));
  const teams: MentionedTeam[] = [];
  for (const t of teamRows) {
    teams.push({
      id: t.id,
      handle: t.slug,
      name: t.name,
      members: (await teamMembers(db, t.id)).map(toPerson),
      channelIds: await teamChannels(db, t.id),
    });
  }
  const byId = new Map<string, Person>();
  for (const p of [...users, ...teams.flatMap((t) => t.members)]) byId.set(p.id, p);
  return { users, teams, recipients: [...byId.values()] };
}

export interface MentionContext {
  /** What the mention is on: a monitor comment, an alert comment, a notebook… */
  kind: string;
  id: string;
  title: string;
  /** Where the mentioned person should go, relative to Vigil's origin (`/alerts/a_1`). */
  path: string;
  excerpt: string;
}

export interface DeliverOptions extends ChannelDeliveryOptions {
  /** Vigil's origin for links in channel messages when PUBLIC_URL is not set (the request's origin). */
  origin?: string;
}

export interface Reached {
  userIds: string[];
  teamIds: string[];
  /** One entry per channel of each mentioned team: sent, failed, retrying, or skipped (kinds without mentions). */
  channels: ChannelMention[];
}

/**
 * Tell everyone mentioned (except the author) on their live feed, and each mentioned team's channels. Best
 * effort, like every live publish: the comment is stored before this runs, and a hiccup never fails it.
 */
export async function deliverMentions(
  env: Env,
  m: Mentions,
  by: Person,
  on: MentionContext,
  opts: DeliverOptions = {},
): Promise<Reached> {
  const to = m.recipients.filter((p) => p.id !== by.id);
  const excerpt = excerptOf(on.excerpt);
  const event = {
    kind: "mention.created",
    data: {
      by,
      on: { ...on, excerpt },
      teams: m.teams.map((t) => ({ id: t.id, handle: t.handle, name: t.name })),
    },
  };
  // The live feed takes at most 10 topics per event.
  for (let i = 0; i < to.length; i += 10)
    await publishQuietly(
      env,
      to.slice(i, i + 10).map((p) => `user:${p.id}`),
      event,
    );
  const base = (config(env).publicUrl ?? opts.origin ?? "").replace(/\/$/, "");
  const at = Date.now();
  let channels: ChannelMention[] = [];
  try {
    channels = await tellTeamChannels(
      env.DB,
      m.teams,
      (team) => ({ by, team, on: { kind: on.kind, title: on.title, excerpt }, url: `${base}${on.path}`, at }),
      opts,
    );
  } catch (err) {
    console.error("mention channels failed", err);
  }
  return { userIds: to.map((p) => p.id), teamIds: m.teams.map((t) => t.id), channels };
}
