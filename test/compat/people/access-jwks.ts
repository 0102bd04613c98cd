// A stand-in for Cloudflare Access's team domain: serves a JWKS at /cdn-cgi/access/certs and signs assertions
// with the matching key, as Access does for every request it lets through.
import http from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";

export interface LocalAccess {
  teamDomain: string;
  aud: string;
  sign(claims: JWTPayload, opts?: { expiresIn?: string | number; aud?: string; otherKey?: boolean }): Promise<string>;
  stop(): Promise<void>;
}

export async function startAccessJwks(port: number, aud: string): Promise<LocalAccess> {
  const teamDomain = `http://127.0.0.1:${port}`;
  const real = await generateKeyPair("RS256", { extractable: true });
  const impostor = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(real.publicKey)), kid: "access-key-1", alg: "RS256", use: "sig" };
  const server = http.createServer((req, res) => {
    if (req.url !== "/cdn-cgi/access/certs") return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return {
    teamDomain,
    aud,
    // The impostor signs with the real key's kid: only the signature can tell them apart.
    sign: (claims, opts = {}) =>
      new SignJWT({ type: "app", ...claims })
        .setProtectedHeader({ alg: "RS256", kid: "access-key-1" })
        .setIssuer(teamDomain)
        .setAudience(opts.aud ?? aud)
        .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
        .setExpirationTime(opts.expiresIn ?? "1h")
        .sign(opts.otherKey ? impostor.privateKey : real.privateKey),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** An unsecured JWT (`alg: none`): the classic forgery every verifier must refuse. */
export function unsecuredJwt(payload: JWTPayload): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(payload)}.`;
}
