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
  userId: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._@-]+$/, "letters, digits and . _ @ - only").optional(),
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
