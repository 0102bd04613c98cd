// A stand-in Web Push service (RFC 8030) and the browsers subscribed to it. workerd cannot listen on a socket, so
// requests to PUSH_SERVICE are answered in-process, like the PagerDuty/Slack receiver. It checks what a real push
// service checks (the VAPID JWT, RFC 8292) and then does what the browser does: decrypts the message (RFC 8291,
// aes128gcm) with the subscription's private key. Tests assert on the decrypted JSON and the delivery headers.
import { env } from "cloudflare:workers";

export const PUSH_SERVICE = "https://push.vigil.test";

const enc = new TextEncoder();
const b64url = (b: Uint8Array) =>
  btoa(String.fromCharCode(...b))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
const unb64url = (s: string) =>
  Uint8Array.from(atob(s.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (s.length % 4)) % 4)), (c) =>
    c.charCodeAt(0),
  );
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** A browser's push subscription: the endpoint at the push service, and the keys only the browser holds. */
export interface TestDevice {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  privateKey: CryptoKey;
  publicRaw: Uint8Array;
  authSecret: Uint8Array;
}

export async function newDevice(name: string): Promise<TestDevice> {
  const pair = (await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, [
    "deriveBits",
  ])) as CryptoKeyPair;
  const publicRaw = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  const authSecret = crypto.getRandomValues(new Uint8Array(16));
  const id = `${name}-${crypto.randomUUID()}`;
  return {
    endpoint: `${PUSH_SERVICE}/send/${id}`,
    keys: { p256dh: b64url(publicRaw), auth: b64url(authSecret) },
    privateKey: pair.privateKey,
    publicRaw,
    authSecret,
  };
}

async function hkdf(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array, bytes: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt, info }, key, bytes * 8));
}

/** RFC 8291 §3-4 and RFC 8188: one aes128gcm record, keyed by ECDH with the sender's one-time key. */
export async function decrypt(body: Uint8Array, device: TestDevice): Promise<string> {
  const salt = body.slice(0, 16);
  const rs = new DataView(body.buffer, body.byteOffset).getUint32(16);
  const idlen = body[20]!;
  const asPublic = body.slice(21, 21 + idlen);
  const ciphertext = body.slice(21 + idlen);
  if (idlen !== 65 || ciphertext.length > rs) throw new Error(`not one aes128gcm record (idlen ${idlen}, rs ${rs})`);
  // workers-types spells the peer key `$public`; WebCrypto (and workerd) read `public`.
  const asKey = await crypto.subtle.importKey("raw", asPublic, { name: "ECDH", namedCurve: "P-256" }, false, []);
  const ecdh = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: "ECDH", public: asKey } as unknown as SubtleCryptoDeriveKeyAlgorithm,
      device.privateKey,
      256,
    ),
  );
  const ikm = await hkdf(
    device.authSecret,
    ecdh,
    concat(enc.encode("WebPush: info\0"), device.publicRaw, asPublic),
    32,
  );
  const cek = await hkdf(salt, ikm, enc.encode("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await hkdf(salt, ikm, enc.encode("Content-Encoding: nonce\0"), 12);
  const key = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["decrypt"]);
  const plain = new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce }, key, ciphertext));
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end--; // padding
  if (plain[end] !== 2) throw new Error("the last record must end with the 0x02 delimiter");
  return new TextDecoder().decode(plain.slice(0, end));
}

/** RFC 8292: `vapid t=<ES256 JWT>, k=<public key>`; the JWT's aud is the push service's origin. */
async function checkVapid(authorization: string | null, endpoint: string): Promise<string | null> {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)$/.exec(authorization ?? "");
  if (!m) return `no VAPID authorization: ${authorization}`;
  const [, jwt, k] = m as unknown as [string, string, string];
  const expected = (env as unknown as { VAPID_PUBLIC_KEY: string }).VAPID_PUBLIC_KEY;
  if (k !== expected) return "k is not this deployment's VAPID public key";
  const [h, p, s] = jwt.split(".") as [string, string, string];
  const key = await crypto.subtle.importKey("raw", unb64url(k), { name: "ECDSA", namedCurve: "P-256" }, false, [
    "verify",
  ]);
  const ok = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, unb64url(s), enc.encode(`${h}.${p}`));
  if (!ok) return "VAPID JWT signature does not verify";
  const claims = JSON.parse(new TextDecoder().decode(unb64url(p))) as { aud: string; exp: number; sub: string };
  if (claims.aud !== new URL(endpoint).origin) return `aud ${claims.aud} is not the push service`;
  const now = Date.now() / 1000;
  if (!(claims.exp > now && claims.exp <= now + 86_400)) return `exp ${claims.exp} is not within 24 h`;
  if (!/^(mailto:|https:)/.test(claims.sub)) return `sub ${claims.sub}`;
  return null;
}

export interface PushReceived {
  endpoint: string;
  ttl: number;
  urgency: string | null;
  topic: string | null;
  payload: any;
}

export function installPushService(devices: () => TestDevice[]) {
  const original = globalThis.fetch;
  const received: PushReceived[] = [];
  /** Status to answer per endpoint, in order; 201 Created when none is scripted. */
  const script = new Map<string, number[]>();
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (!req.url.startsWith(PUSH_SERVICE)) return original(input, init);
    const scripted = script.get(req.url)?.shift();
    if (scripted) return new Response(`scripted ${scripted}`, { status: scripted });
    const refusal = await checkVapid(req.headers.get("authorization"), req.url);
    if (refusal) return new Response(refusal, { status: 403 });
    if (req.headers.get("content-encoding") !== "aes128gcm") return new Response("aes128gcm only", { status: 415 });
    const device = devices().find((d) => d.endpoint === req.url);
    if (!device) return new Response("no such subscription", { status: 404 });
    const body = new Uint8Array(await req.arrayBuffer());
    received.push({
      endpoint: req.url,
      ttl: Number(req.headers.get("ttl")),
      urgency: req.headers.get("urgency"),
      topic: req.headers.get("topic"),
      payload: JSON.parse(await decrypt(body, device)),
    });
    return new Response(null, { status: 201, headers: { location: `${req.url}/msg/${received.length}` } });
  }) as typeof fetch;
  return {
    received,
    script,
    restore: () => {
      globalThis.fetch = original;
    },
  };
}
