// The demo's push stand-in: a Web Push service (RFC 8030) and the phone subscribed to it, in one. In production the
// browser's push service (FCM, Mozilla autopush, Apple) takes the page and the phone decrypts it; here none is
// reachable, so this checks what a push service checks (the VAPID JWT, RFC 8292; TTL and Urgency, RFC 8030) and
// then does what the phone does: decrypts the aes128gcm message (RFC 8291, RFC 8188) with its own private key.
// pager-receiver.mjs serves it at POST /push/<device>.
import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from "node:crypto";

const URGENCIES = ["very-low", "low", "normal", "high"];

/**
 * A phone's push keys: a P-256 ECDH key pair and a 16-byte auth secret, as a browser makes them on subscribe.
 * `applicationServerKey` is the VAPID public key the phone subscribed with; the service refuses pages signed by any
 * other (null until subscribed).
 * @param {string} name
 */
export function newPhone(name) {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return {
    name,
    ecdh,
    publicRaw: ecdh.getPublicKey(),
    authSecret: randomBytes(16),
    /** @type {string | null} */
    applicationServerKey: null,
  };
}
/** @typedef {ReturnType<typeof newPhone>} Phone */

/** What `PushSubscription.toJSON()` gives in a browser. @param {Phone} phone @param {string} endpoint */
export function subscriptionOf(phone, endpoint) {
  return {
    endpoint,
    expirationTime: null,
    keys: { p256dh: phone.publicRaw.toString("base64url"), auth: phone.authSecret.toString("base64url") },
  };
}

/**
 * RFC 8291 §3-4 over RFC 8188: one aes128gcm record keyed by ECDH between the sender's one-time key (the record's
 * key id) and the phone's key, with the phone's auth secret.
 * @param {Buffer} body @param {Phone} phone @returns {string}
 */
export function decryptPush(body, phone) {
  if (body.length < 21) throw new Error("shorter than an aes128gcm header");
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  const senderKey = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  if (idlen !== 65 || record.length > rs || record.length < 17)
    throw new Error(`not one aes128gcm record (idlen ${idlen}, rs ${rs}, ${record.length} bytes)`);
  const ecdhSecret = phone.ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), phone.publicRaw, senderKey]);
  const ikm = Buffer.from(hkdfSync("sha256", ecdhSecret, phone.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, "Content-Encoding: aes128gcm\0", 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, "Content-Encoding: nonce\0", 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(-16));
  const plain = Buffer.concat([decipher.update(record.subarray(0, -16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--; // padding
  if (plain[end] !== 2) throw new Error("the last record must end with the 0x02 delimiter");
  return plain.subarray(0, end).toString("utf8");
}

/**
 * RFC 8292: `vapid t=<ES256 JWT>, k=<public key>`. The JWT must verify with k, k must be the key the phone
 * subscribed with, aud must be the push service's origin and exp in the next 24 h.
 * @param {string | undefined} authorization @param {string} audience @param {string | null} applicationServerKey
 * @param {number} nowSeconds @returns {{ status: 401 | 403, error: string } | null}
 */
export function checkVapid(authorization, audience, applicationServerKey, nowSeconds) {
  const m = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+),\s*k=([\w-]+)$/.exec(authorization ?? "");
  if (!m) return { status: 401, error: "no VAPID authorization (vapid t=<jwt>, k=<key>)" };
  const [, h, p, s, k] = /** @type {[string, string, string, string, string]} */ (/** @type {unknown} */ (m));
  const forbid = (/** @type {string} */ error) => ({ status: /** @type {const} */ (403), error });
  if (applicationServerKey && k !== applicationServerKey) return forbid("k is not the key this phone subscribed with");
  const point = Buffer.from(k, "base64url");
  if (point.length !== 65 || point[0] !== 4) return forbid("k is not an uncompressed P-256 point");
  let header, claims;
  try {
    header = JSON.parse(Buffer.from(h, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8"));
  } catch {
    return forbid("the VAPID JWT is not JSON");
  }
  if (header?.alg !== "ES256") return forbid(`the VAPID JWT is ${header?.alg}, not ES256`);
  const key = createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33).toString("base64url"),
    },
    format: "jwk",
  });
  const signed = Buffer.from(`${h}.${p}`);
  if (!verify("sha256", signed, { key, dsaEncoding: "ieee-p1363" }, Buffer.from(s, "base64url")))
    return forbid("the VAPID JWT's signature does not verify with k");
  if (claims?.aud !== audience) return forbid(`aud ${claims?.aud} is not this push service (${audience})`);
  if (!(claims.exp > nowSeconds && claims.exp <= nowSeconds + 86_400))
    return forbid(`exp ${claims.exp} is not within the next 24 h`);
  if (!/^(mailto:|https:)/.test(String(claims.sub ?? ""))) return forbid(`sub ${claims.sub} is not mailto: or https:`);
  return null;
}

/**
 * One POST to a push resource, as a push service and then the phone handle it.
 * `audience` is the origin the sender signed for: a real push service is https, and so is the VAPID JWT's aud
 * (the Worker's library refuses anything else), while the stand-in itself listens on plain http on loopback.
 * @param {{ phone: Phone, audience: string, headers: Record<string, string | string[] | undefined>, body: Buffer, now?: number }} req
 * @returns {{ status: number, error: string } | { status: 201, payload: any, headers: { ttl: number, urgency: string, topic: string | null } }}
 */
export function receivePush(req) {
  const header = (/** @type {string} */ name) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const refused = checkVapid(
    header("authorization"),
    req.audience,
    req.phone.applicationServerKey,
    Math.floor((req.now ?? Date.now()) / 1000),
  );
  if (refused) return refused;
  const ttl = header("ttl");
  if (ttl === undefined || !/^\d+$/.test(ttl)) return { status: 400, error: "TTL must be a number of seconds" };
  const urgency = header("urgency") ?? "normal";
  if (!URGENCIES.includes(urgency)) return { status: 400, error: `Urgency must be one of ${URGENCIES.join(", ")}` };
  if (header("content-encoding") !== "aes128gcm")
    return { status: 415, error: "Content-Encoding must be aes128gcm (RFC 8291)" };
  let text;
  try {
    text = decryptPush(req.body, req.phone);
  } catch (e) {
    return { status: 400, error: `cannot decrypt: ${/** @type {Error} */ (e).message}` };
  }
  let payload;
  try {
    payload = JSON.parse(text);
  } catch {
    payload = text;
  }
  return { status: 201, payload, headers: { ttl: Number(ttl), urgency, topic: header("topic") ?? null } };
}
