// Cloudflare Access: the `Cf-Access-Jwt-Assertion` header, verified against the team's JWKS with jose.
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from "jose";

export interface AccessIdentity {
  subject: string;
  email: string | null;
  groups: string[] | null;
  name: string | null;
}

export class AccessJwtError extends Error {
  override name = "AccessJwtError";
}

const keySets = new Map<string, JWTVerifyGetKey>();

function keysFor(teamDomain: string): JWTVerifyGetKey {
  let ks = keySets.get(teamDomain);
  if (!ks) {
    // jose caches the set and refetches on an unknown kid (key rotation), at most every 30 s.
    ks = createRemoteJWKSet(new URL(`${teamDomain}/cdn-cgi/access/certs`), { cooldownDuration: 30_000 });
    keySets.set(teamDomain, ks);
  }
  return ks;
}

/** Signature (RS256 only: `alg: none` and HMAC are refused), issuer = the team domain, audience = the app's tag,
 * expiry and not-before with a minute of leeway. */
export async function verifyAccessJwt(jwt: string, cfg: { teamDomain: string; aud: string }): Promise<AccessIdentity> {
  try {
    const { payload } = await jwtVerify(jwt, keysFor(cfg.teamDomain), {
      issuer: cfg.teamDomain,
      audience: cfg.aud,
      algorithms: ["RS256"],
      clockTolerance: 60,
      requiredClaims: ["sub", "exp", "iat"],
    });
    const custom = (payload.custom ?? {}) as Record<string, unknown>;
    const groupsRaw = payload.groups ?? custom.groups;
    return {
      subject: String(payload.sub),
      email: typeof payload.email === "string" ? payload.email : null,
      groups: Array.isArray(groupsRaw)
        ? groupsRaw.filter((g): g is string => typeof g === "string").slice(0, 500)
        : null,
      name: typeof custom.name === "string" ? custom.name : null,
    };
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw new AccessJwtError("the Access token has expired");
    if (e instanceof errors.JWTClaimValidationFailed)
      throw new AccessJwtError(`the Access token's ${e.claim} claim is not valid here`);
    if (e instanceof errors.JOSEAlgNotAllowed) throw new AccessJwtError("the Access token's algorithm is not allowed");
    if (e instanceof errors.JWSSignatureVerificationFailed)
      throw new AccessJwtError("the Access token's signature does not verify");
    throw new AccessJwtError(`the Access token is not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
}
