#!/usr/bin/env node
// VAPID keys for Web Push (RFC 8292): a P-256 key pair. The public key is the uncompressed point, base64url
// (what browsers take as applicationServerKey); the private key is the scalar d, base64url. `npm start` writes
// them into .dev.vars; for production run `node scripts/vapid-keys.mjs` and `wrangler secret put` each line.
import { generateKeyPairSync } from "node:crypto";

export function vapidKeys() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const pub = publicKey.export({ format: "jwk" });
  const priv = privateKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(pub.x, "base64url"), Buffer.from(pub.y, "base64url")]);
  return { VAPID_PUBLIC_KEY: point.toString("base64url"), VAPID_PRIVATE_KEY: priv.d };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(vapidKeys())) console.log(`${k}=${v}`);
}
