import { z } from "zod";

export const scopes = ["ingest", "read", "respond", "write", "admin"] as const;
export const scopeSchema = z.enum(scopes);
export type Scope = z.infer<typeof scopeSchema>;

/** What a scope also grants: admin covers everything, write covers respond (mute, comment, acknowledge), which
 * covers read. Ingest stands alone. `respond` is the responder role's scope: older tokens never held it, and
 * every write token still passes where respond is asked. */
const implied: Record<Scope, readonly Scope[]> = {
  admin: ["admin", "write", "respond", "read", "ingest"],
  write: ["write", "respond", "read"],
  respond: ["respond", "read"],
  read: ["read"],
  ingest: ["ingest"],
};

export function grants(held: readonly Scope[], needed: Scope): boolean {
  return held.some((s) => implied[s].includes(needed));
}

/** Who a request is: a token (machines, pasted tokens), the bootstrap admin token, or a person's browser session
 * (from OpenID Connect, Cloudflare Access or a one-time link). worker/middleware/auth.ts is the one place that
 * resolves it; routes read it with `c.get("principal")`. */
export interface Principal {
  /** The token's id; "bootstrap" for VIGIL_ADMIN_TOKEN; "session" for a browser session. */
  tokenId: string;
  userId: string;
  /** What this request may do at route level: a token's scopes, or the scopes of a person's highest role. */
  scopes: Scope[];
  kind?: "token" | "bootstrap" | "session";
  /** A session's id (the hash stored at rest, never the cookie's secret). */
  sessionId?: string;
  /** A person's roles: organisation-wide, and per team id. Tokens carry none (their scopes are their limit). */
  roles?: { org: Role; teams: Record<string, Role> };
}

export const roles = ["viewer", "responder", "editor", "admin"] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const createTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(scopeSchema).min(1).max(5),
  userId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9._@-]+$/, "letters, digits and . _ @ - only")
    .optional(),
});
export type CreateToken = z.infer<typeof createTokenSchema>;

export const tokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  userId: z.string(),
  prefix: z.string(),
  scopes: z.array(scopeSchema),
  createdAt: z.number(),
  createdBy: z.string(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
});
export type TokenInfo = z.infer<typeof tokenInfoSchema>;

/** POST /api/signin-links (admin): a one-time link that signs a browser in with a fresh token of these scopes. */
export const createSigninLinkSchema = z.object({
  scopes: z.array(scopeSchema).min(1).max(5).default(["write"]),
  userId: createTokenSchema.shape.userId,
  /** How long the link stays usable, in minutes (default 15, at most a day). */
  ttlMinutes: z.number().int().min(1).max(1440).default(15),
});
export type CreateSigninLink = z.infer<typeof createSigninLinkSchema>;

export const SIGNIN_CODE_PREFIX = "vsl_";
/** POST /api/signin/exchange: the code from the link's fragment, spent on first use. */
export const signinExchangeSchema = z.object({
  code: z
    .string()
    .regex(
      /^vsl_[A-Za-z0-9_-]{20,100}$/,
      "a sign-in code looks like vsl_ followed by 20 to 100 letters, digits, - or _",
    ),
  /** true: open a browser session (HttpOnly cookie) for the link's user instead of minting a token. */
  session: z.boolean().default(false),
  /** The browser's IANA time zone, for a user seen for the first time. */
  timeZone: z.string().max(64).optional(),
});

// The answers of the sign-in, session and token routes.
/** What the sign-in page offers: a provider button when OpenID Connect is configured. */
export const authConfigSchema = z.object({
  oidc: z.object({ name: z.string() }).nullable(),
  access: z.boolean(),
  link: z.boolean(),
});
export const signedOutSchema = z.object({ signedOut: z.boolean() });
export const sessionRevokedSchema = z.object({ revoked: z.string() });
export const tokenListSchema = z.object({ tokens: z.array(tokenInfoSchema) });
/** The secret is shown once, here. */
export const tokenCreatedSchema = z.object({ token: z.string(), info: tokenInfoSchema });
export const tokenRevokedSchema = z.object({ revoked: z.string() });
export const signinLinkCreatedSchema = z.object({
  url: z.string(),
  code: z.string(),
  expiresAt: z.number(),
  scopes: z.array(scopeSchema),
});
