// The demo's push stand-in, fed the way Vigil's push notifier feeds a real push service: the same library
// (@block65/webcrypto-web-push) encrypts for the stand-in phone's keys and signs with fresh VAPID keys.
import { buildPushPayload } from "@block65/webcrypto-web-push";
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPagerReceiver } from "./pager-receiver.mjs";
import { checkVapid } from "./push-service.mjs";

/** A VAPID key pair as scripts/vapid-keys.mjs makes it. */
function vapidKeys() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const pub = publicKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(pub.x!, "base64url"), Buffer.from(pub.y!, "base64url")]);
  return {
    subject: "mailto:oncall@example.com",
    publicKey: point.toString("base64url"),
    privateKey: privateKey.export({ format: "jwk" }).d!,
  };
}

const page = {
  v: 1,
  kind: "trigger",
  tag: "vigil-alert-alr_1",
  title: "Critical: Checkout error budget burn",
  body: "environment=production, region=us-east-1 · value 7.2",
  url: "http://127.0.0.1:8787/alerts/alr_1",
  alertId: "alr_1",
  monitorId: "mon_1",
  severity: "critical",
  signal: "environment=production, region=us-east-1",
  value: 7.2,
  at: 1_764_000_000_000,
  ack: "vpa_0123456789abcdefghij",
};

describe("push stand-in (the demo phone's push service)", () => {
  const lines: string[] = [];
  const vapid = vapidKeys();
  let r: Awaited<ReturnType<typeof startPagerReceiver>>;
  let sub: ReturnType<typeof r.push.subscribe>;
  beforeAll(async () => {
    r = await startPagerReceiver({ port: 0, print: (l) => lines.push(l) });
    sub = r.push.subscribe(vapid.publicKey);
  });
  afterAll(async () => {
    await r?.close();
  });

  /** What Vigil's notifier sends: VAPID signed for the https origin (the stand-in listens on plain http). */
  async function build(o: { keys?: typeof vapid; audienceOf?: string; data?: unknown } = {}) {
    const endpoint = o.audienceOf ?? sub.endpoint.replace(/^http:/, "https:");
    return buildPushPayload(
      { data: JSON.stringify(o.data ?? page), options: { ttl: 86_400, urgency: "high", topic: "vigil-alert-alr_1" } },
      { ...sub, endpoint },
      o.keys ?? vapid,
    );
  }
  const post = (headers: Record<string, string>, body: Uint8Array | string, url = sub.endpoint) =>
    fetch(url, { method: "POST", headers, body });
  const pushes = async () =>
    ((await (await fetch(`${r.url}/received`)).json()) as { received: { kind: string }[] }).received.filter(
      (x) => x.kind === "push",
    );

  it("hands out a browser-like subscription: a P-256 point and a 16-byte auth secret", () => {
    expect(sub.endpoint).toBe(`${r.url}/push/demo-phone`);
    expect(Buffer.from(sub.keys.p256dh, "base64url")).toHaveLength(65);
    expect(Buffer.from(sub.keys.auth, "base64url")).toHaveLength(16);
  });

  it("verifies the VAPID JWT, decrypts exactly the payload, prints one line and lists it at GET /received", async () => {
    const req = await build();
    const res = await post(req.headers, req.body);
    expect(res.status).toBe(201);
    expect(lines.at(-1)).toBe(
      '📟 Push (demo phone) TRIGGER critical "Critical: Checkout error budget burn" environment=production, region=us-east-1 urgency=high',
    );
    const got = await pushes();
    expect(got).toEqual([
      {
        at: expect.any(Number),
        kind: "push",
        path: "/push/demo-phone",
        body: page,
        headers: { ttl: 86_400, urgency: "high", topic: "vigil-alert-alr_1" },
      },
    ]);
  });

  it("refuses a bad signature, another sender's key, another audience, and no authorization", async () => {
    const good = await build();
    const [, jwt, k] = /^vapid t=([^,]+), k=(.+)$/.exec(good.headers.authorization)!;
    const [h, p, s] = jwt!.split(".") as [string, string, string];
    const flipped = `${s.slice(0, 10)}${s[10] === "A" ? "B" : "A"}${s.slice(11)}`;
    const tampered = { ...good.headers, authorization: `vapid t=${h}.${p}.${flipped}, k=${k}` };
    const bad = await post(tampered, good.body);
    expect(bad.status).toBe(403);
    expect(await bad.text()).toMatch(/signature/);
    expect(lines.at(-1)).toMatch(/^📟 Push refused \(403\)/);

    const stranger = await build({ keys: vapidKeys() });
    const other = await post(stranger.headers, stranger.body);
    expect(other.status).toBe(403);
    expect(await other.text()).toMatch(/subscribed with/);

    const elsewhere = await build({ audienceOf: "https://fcm.googleapis.com/fcm/send/x" });
    const wrongAud = await post(elsewhere.headers, elsewhere.body);
    expect(wrongAud.status).toBe(403);
    expect(await wrongAud.text()).toMatch(/aud https:\/\/fcm\.googleapis\.com/);

    const { authorization: _, ...anonymous } = good.headers;
    expect((await post(anonymous, good.body)).status).toBe(401);
    expect(await pushes()).toHaveLength(1);
  });

  it("refuses what is not aes128gcm, a missing TTL, a bad urgency, an unknown device and a broken record", async () => {
    const req = await build();
    const aesgcm = await post({ ...req.headers, "content-encoding": "aesgcm" }, req.body);
    expect(aesgcm.status).toBe(415);
    const { ttl: _, ...noTtl } = req.headers;
    expect((await post(noTtl, req.body)).status).toBe(400);
    expect((await post({ ...req.headers, urgency: "now" }, req.body)).status).toBe(400);
    const corrupt = new Uint8Array(req.body);
    corrupt[corrupt.length - 1] ^= 1;
    const broken = await post(req.headers, corrupt);
    expect(broken.status).toBe(400);
    expect(await broken.text()).toMatch(/cannot decrypt/);
    expect((await post(req.headers, req.body, `${r.url}/push/someone-else`)).status).toBe(404);
    expect(await pushes()).toHaveLength(1);
  });

  it("refuses a JWT that has expired or lives longer than 24 h", async () => {
    const { authorization } = (await build()).headers; // exp: 12 h from now
    const audience = r.url.replace(/^http:/, "https:");
    const now = Math.floor(Date.now() / 1000);
    expect(checkVapid(authorization, audience, vapid.publicKey, now)).toBeNull();
    expect(checkVapid(authorization, audience, vapid.publicKey, now + 13 * 3600)?.error).toMatch(/^exp/);
    expect(checkVapid(authorization, audience, vapid.publicKey, now - 13 * 3600)?.error).toMatch(/^exp/);
  });
});
