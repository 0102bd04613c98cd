// People: users, teams, collections, sessions and the audit log (API bodies and answers shared with the web app).
import { z } from "zod";
import { HANDLE_RE } from "../people/handles";
import { isTimeZone } from "../people/time-zone";
import { roleSchema, scopeSchema, tokenCreatedSchema } from "./auth";

export const handleSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(HANDLE_RE, "a handle is 1-40 lowercase letters, digits, . _ or -, starting and ending with a letter or digit");
export const timeZoneSchema = z
  .string()
  .trim()
  .max(64)
  .refine(isTimeZone, "not an IANA time zone such as Europe/Berlin");
const avatarUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (u) => /^https:\/\//.test(u) || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(u),
    "avatar must be an https URL",
  );

export const userSchema = z.object({
  id: z.string(),
  handle: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  timeZone: z.string(),
  /** "default" until the browser or the person set it. */
  timeZoneSource: z.enum(["default", "browser", "user"]),
  /** "utc": every time is shown in UTC; "zone": in timeZone. */
  timeDisplay: z.enum(["zone", "utc"]),
  role: roleSchema,
  createdAt: z.number(),
  lastSeenAt: z.number().nullable(),
  disabledAt: z.number().nullable(),
});
export type User = z.infer<typeof userSchema>;

/** What other people see of someone (comments, mentions, members): no email unless asked by an admin. */
export const personSchema = userSchema.pick({ id: true, handle: true, name: true, avatarUrl: true });
export type Person = z.infer<typeof personSchema>;

export const profilePatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    handle: handleSchema,
    avatarUrl: avatarUrl.nullable(),
    timeZone: timeZoneSchema,
    timeZoneSource: z.enum(["browser", "user"]),
    timeDisplay: z.enum(["zone", "utc"]),
  })
  .partial()
  .strict();
export type ProfilePatch = z.infer<typeof profilePatchSchema>;

export const teamInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    slug: handleSchema.optional(),
    description: z.string().trim().max(2000).default(""),
  })
  .strict();
export const teamPatchSchema = teamInputSchema.omit({ slug: true }).partial().strict();

export const teamSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  memberCount: z.number(),
  channelIds: z.array(z.string()),
  createdAt: z.number(),
});
export type Team = z.infer<typeof teamSchema>;

export const memberSchema = personSchema.extend({ role: roleSchema, source: z.enum(["manual", "groups"]) });
export type Member = z.infer<typeof memberSchema>;

export const memberInputSchema = z
  .object({ user: z.string().trim().min(1).max(100), role: roleSchema.default("responder") })
  .strict();
export const memberPatchSchema = z.object({ role: roleSchema }).strict();
export const teamChannelsSchema = z.object({ channelIds: z.array(z.string().min(1).max(100)).max(20) }).strict();
export const groupMappingSchema = z
  .object({ group: z.string().trim().min(1).max(200), role: roleSchema.default("responder") })
  .strict();

export const collectionInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    slug: handleSchema.optional(),
    description: z.string().trim().max(2000).default(""),
    teamId: z.string().max(100).nullable().default(null),
  })
  .strict();
export const collectionSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  teamId: z.string().nullable(),
  createdAt: z.number(),
});
export type Collection = z.infer<typeof collectionSchema>;

/** GET /api/me: the principal, and for a person their profile, teams and the CSRF token their writes must send. */
export const meSchema = z.object({
  tokenId: z.string(),
  userId: z.string(),
  scopes: z.array(scopeSchema),
  kind: z.enum(["token", "bootstrap", "session"]).optional(),
  user: userSchema.nullable().optional(),
  teams: z.array(teamSchema.pick({ id: true, slug: true, name: true }).extend({ role: roleSchema })).optional(),
});
export type Me = z.infer<typeof meSchema>;

export const sessionInfoSchema = z.object({
  id: z.string(),
  method: z.enum(["oidc", "access", "link"]),
  createdAt: z.number(),
  expiresAt: z.number(),
  lastSeenAt: z.number(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

/** @-mention suggestions: people and teams whose handle or name starts with (or contains) the query. */
export const suggestionSchema = z.discriminatedUnion("kind", [
  personSchema.extend({ kind: z.literal("user") }),
  z.object({ kind: z.literal("team"), id: z.string(), handle: z.string(), name: z.string() }),
]);
export type Suggestion = z.infer<typeof suggestionSchema>;

export const auditObjectKinds = [
  "monitor",
  "mute",
  "slo",
  "channel",
  "token",
  "team",
  "user",
  "session",
  "dashboard",
  "notebook",
] as const;
export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.number(),
  actorId: z.string(),
  actorKind: z.string(),
  action: z.string(),
  objectKind: z.enum(auditObjectKinds),
  objectId: z.string(),
  summary: z.string(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** The mention grammar is shared: the editor's autocomplete and the server's delivery must agree on it. */
export { extractMentions, mentionAt } from "../people/mentions";

// The answers of the people routes, as the web client parses them.
export const teamListSchema = z.object({ teams: z.array(teamSchema) });
export const teamDetailSchema = teamSchema.extend({
  members: z.array(memberSchema),
  groups: z.array(z.object({ group: z.string(), teamId: z.string(), role: z.string() })),
});
export const collectionListSchema = z.object({ collections: z.array(collectionSchema) });
export const userListSchema = z.object({ users: z.array(userSchema) });
export const sessionListSchema = z.object({ sessions: z.array(sessionInfoSchema) });
export const suggestionListSchema = z.object({ suggestions: z.array(suggestionSchema) });
export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema.extend({ actor: personSchema.nullable() })),
  next: z.number().nullable(),
});

export const userSessionsRevokedSchema = z.object({ userId: z.string(), revoked: z.number() });
export const teamDeletedSchema = z.object({ deleted: z.string(), name: z.string() });
export const memberListSchema = z.object({ members: z.array(memberSchema) });
/** Adding a member or changing their role answers the team, the member and the role now held. */
export const membershipSchema = z.object({ id: z.string(), name: z.string(), member: z.string(), role: roleSchema });
export const memberRemovedSchema = z.object({ id: z.string(), name: z.string(), removed: z.string() });
export const teamGroupsSchema = z.object({
  id: z.string(),
  name: z.string(),
  groups: z.array(z.object({ group: z.string(), teamId: z.string(), role: roleSchema })),
});
export const collectionDeletedSchema = z.object({ deleted: z.string() });

/** POST /api/signin/exchange: a browser session (the cookie is set; the answer names the user) or a fresh token. */
export const signinExchangedSchema = z.union([
  z.object({ user: userSchema, session: z.literal(true) }),
  tokenCreatedSchema,
]);
