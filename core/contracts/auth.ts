import { z } from "zod";

export const scopes = ["ingest", "read", "write", "admin"] as const;
export const scopeSchema = z.enum(scopes);
export type Scope = z.infer<typeof scopeSchema>;

/** What a scope also grants: admin covers everything, write covers read. Ingest stands alone. */
const implied: Record<Scope, readonly Scope[]> = {
  admin: ["admin", "write", "read", "ingest"],
  write: ["write", "read"],
  read: ["read"],
  ingest: ["ingest"],
};

export function grants(held: readonly Scope[], needed: Scope): boolean {
  return held.some((s) => implied[s].includes(needed));
}

export interface Principal {
  tokenId: string;
  userId: string;
  scopes: Scope[];
}

export const createTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(scopeSchema).min(1).max(4),
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
  scopes: z.array(scopeSchema).min(1).max(4).default(["write"]),
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
});
