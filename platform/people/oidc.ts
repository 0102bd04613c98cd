// OpenID Connect, authorization code + PKCE, through oauth4webapi (runs on Workers: fetch and WebCrypto only).
import * as oauth from "oauth4webapi";
import type { OidcConfig } from "./config";

export class OidcError extends Error {
  override name = "OidcError";
}

const discovered = new Map<string, { as: oauth.AuthorizationServer; until: number }>();

function httpOpts(cfg: OidcConfig) {
  return cfg.allowHttp ? { [oauth.allowInsecureRequests]: true } : {};
}

/** The provider's metadata, from its discovery document (kept an hour per isolate). */
export async function authServer(cfg: OidcConfig, now = Date.now()): Promise<oauth.AuthorizationServer> {
  const hit = discovered.get(cfg.issuer);
  if (hit && hit.until > now) return hit.as;
  const issuer = new URL(cfg.issuer);
  let as: oauth.AuthorizationServer;
  try {
    as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, httpOpts(cfg)));
  } catch (e) {
    throw new OidcError(`could not read ${cfg.issuer}/.well-known/openid-configuration: ${describe(e)}`);
  }
  discovered.set(cfg.issuer, { as, until: now + 3_600_000 });
  return as;
}

export interface PendingLogin {
  state: string;
  codeVerifier: string;
  nonce: string;
  url: string;
}

/** Where to send the browser, and the secrets the callback will need (kept server-side by the caller). */
export async function startLogin(cfg: OidcConfig, redirectUri: string): Promise<PendingLogin> {
  const as = await authServer(cfg);
  if (!as.authorization_endpoint) throw new OidcError("the provider has no authorization_endpoint");
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set("client_id", cfg.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", cfg.scopes);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  url.searchParams.set("state", state);
  url.searchParams.set("nonce", nonce);
  return { state, codeVerifier, nonce, url: url.href };
}

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  preferredUsername: string | null;
  picture: string | null;
  groups: string[] | null;
}

/** Validate the callback (state, code, PKCE, ID token signature/issuer/audience/nonce), then read userinfo. */
export async function finishLogin(
  cfg: OidcConfig,
  callbackUrl: URL,
  pending: { state: string; codeVerifier: string; nonce: string },
  redirectUri: string,
): Promise<OidcIdentity> {
  const as = await authServer(cfg);
  const client: oauth.Client = { client_id: cfg.clientId };
  const auth = cfg.clientSecret ? oauth.ClientSecretBasic(cfg.clientSecret) : oauth.None();
  try {
    const params = oauth.validateAuthResponse(as, client, callbackUrl, pending.state);
    const res = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      params,
      redirectUri,
      pending.codeVerifier,
      httpOpts(cfg),
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, res, { expectedNonce: pending.nonce });
    const claims = oauth.getValidatedIdTokenClaims(tokens);
    if (!claims) throw new OidcError("the provider returned no ID token");
    let info: Record<string, unknown> = { ...claims };
    if (as.userinfo_endpoint) {
      const ui = await oauth.userInfoRequest(as, client, tokens.access_token, httpOpts(cfg));
      info = { ...info, ...(await oauth.processUserInfoResponse(as, client, claims.sub, ui)) };
    }
    const str = (k: string) => (typeof info[k] === "string" && (info[k] as string).trim() ? (info[k] as string) : null);
    const groupsRaw = info[cfg.groupsClaim];
    return {
      issuer: as.issuer,
      subject: claims.sub,
      email: str("email"),
      emailVerified: info.email_verified === true,
      name: str("name"),
      preferredUsername: str("preferred_username") ?? str("nickname"),
      picture: str("picture"),
      groups: Array.isArray(groupsRaw)
        ? groupsRaw.filter((g): g is string => typeof g === "string").slice(0, 500)
        : null,
    };
  } catch (e) {
    if (e instanceof OidcError) throw e;
    throw new OidcError(describe(e));
  }
}

function describe(e: unknown): string {
  if (e instanceof oauth.AuthorizationResponseError) return `${e.error}: ${e.error_description ?? "sign-in refused"}`;
  if (e instanceof oauth.ResponseBodyError) return `${e.error}: ${e.error_description ?? "token request refused"}`;
  return e instanceof Error ? e.message : String(e);
}
