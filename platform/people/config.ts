// Sign-in configuration, validated once per env like platform/env.ts: a half-configured provider fails loudly.
import { z } from "zod";
import { roleSchema, type Role } from "../../core/contracts/auth";
import { ConfigError, type Env } from "../env";

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  scopes: string;
  groupsClaim: string;
  name: string;
  /** Plain-http issuers are refused unless allowed (a provider run on loopback for tests and local dev). */
  allowHttp: boolean;
}

export interface PeopleConfig {
  oidc: OidcConfig | null;
  access: { teamDomain: string; aud: string; allowHttp: boolean } | null;
  sessionTtlMs: number;
  sessionIdleMs: number;
  defaultRole: Role;
  adminEmails: Set<string>;
  auditRetentionDays: number;
}

const hours = (name: string, fallback: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return fallback;
      const n = Number(v);
      if (!(n > 0 && n <= max)) {
        ctx.addIssue({ code: "custom", message: `${name} must be a number from 0 to ${max} (got '${v}')` });
        return z.NEVER;
      }
      return n;
    });

const url = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return null;
      try {
        const u = new URL(v.trim());
        if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("scheme");
        return u.href.replace(/\/+$/, "");
      } catch {
        ctx.addIssue({ code: "custom", message: `${name} must be an absolute URL (got '${v}')` });
        return z.NEVER;
      }
    });

const schema = z.object({
  OIDC_ISSUER: url("OIDC_ISSUER"),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_SCOPES: z.string().optional(),
  OIDC_GROUPS_CLAIM: z.string().optional(),
  OIDC_PROVIDER_NAME: z.string().optional(),
  OIDC_ALLOW_HTTP: z.string().optional(),
  ACCESS_TEAM_DOMAIN: url("ACCESS_TEAM_DOMAIN"),
  ACCESS_AUD: z.string().optional(),
  SESSION_TTL_HOURS: hours("SESSION_TTL_HOURS", 168, 24 * 90),
  SESSION_IDLE_HOURS: hours("SESSION_IDLE_HOURS", 72, 24 * 90),
  DEFAULT_ROLE: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : "viewer"))
    .pipe(roleSchema),
  ADMIN_EMAILS: z.string().optional(),
  AUDIT_RETENTION_DAYS: hours("AUDIT_RETENTION_DAYS", 365, 3650),
});

const isLoopback = (u: string) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(u);
const parsed = new WeakMap<object, PeopleConfig>();

export function peopleConfig(env: Env): PeopleConfig {
  const hit = parsed.get(env);
  if (hit) return hit;
  const r = schema.safeParse(env);
  if (!r.success)
    throw new ConfigError(`invalid sign-in configuration: ${r.error.issues.map((i) => i.message).join("; ")}`);
  const v = r.data;
  const allowHttp = v.OIDC_ALLOW_HTTP === "true" || v.OIDC_ALLOW_HTTP === "1";
  if (v.OIDC_ISSUER && !v.OIDC_CLIENT_ID) throw new ConfigError("OIDC_ISSUER is set but OIDC_CLIENT_ID is not");
  if (v.OIDC_ISSUER?.startsWith("http:") && !allowHttp)
    throw new ConfigError("OIDC_ISSUER must be https (set OIDC_ALLOW_HTTP=true only for a provider on loopback)");
  if (v.ACCESS_TEAM_DOMAIN && !v.ACCESS_AUD?.trim())
    throw new ConfigError("ACCESS_TEAM_DOMAIN is set but ACCESS_AUD (the application's audience tag) is not");
  if (v.ACCESS_TEAM_DOMAIN?.startsWith("http:") && !isLoopback(v.ACCESS_TEAM_DOMAIN))
    throw new ConfigError("ACCESS_TEAM_DOMAIN must be https://<team>.cloudflareaccess.com");
  const c: PeopleConfig = {
    oidc: v.OIDC_ISSUER
      ? {
          issuer: v.OIDC_ISSUER,
          clientId: v.OIDC_CLIENT_ID!,
          clientSecret: v.OIDC_CLIENT_SECRET?.trim() || null,
          scopes: v.OIDC_SCOPES?.trim() || "openid email profile",
          groupsClaim: v.OIDC_GROUPS_CLAIM?.trim() || "groups",
          name: v.OIDC_PROVIDER_NAME?.trim() || "your identity provider",
          allowHttp,
        }
      : null,
    access: v.ACCESS_TEAM_DOMAIN
      ? {
          teamDomain: v.ACCESS_TEAM_DOMAIN,
          aud: v.ACCESS_AUD!.trim(),
          allowHttp: v.ACCESS_TEAM_DOMAIN.startsWith("http:"),
        }
      : null,
    sessionTtlMs: v.SESSION_TTL_HOURS * 3_600_000,
    sessionIdleMs: v.SESSION_IDLE_HOURS * 3_600_000,
    defaultRole: v.DEFAULT_ROLE,
    adminEmails: new Set(
      (v.ADMIN_EMAILS ?? "")
        .split(",")
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
    auditRetentionDays: v.AUDIT_RETENTION_DAYS,
  };
  parsed.set(env, c);
  return c;
}
