import { describe, expect, it } from "vitest";
import { call, json, tokenWith } from "./helpers";

const p256dh = `B${"A".repeat(86)}`;
const sub = (n: number, name = `Pixel ${n}`) => ({
  endpoint: `https://push.example.test/send/device-${n}-${Math.random().toString(36).slice(2)}`,
  expirationTime: null,
  keys: { p256dh, auth: "q1w2e3r4t5y6u7i8o9p0aa" },
  deviceName: name,
});

describe("push devices and preferences", () => {
  it("a person registers, lists and revokes only their own devices; the endpoint is never shown back", async () => {
    const ann = await tokenWith(["read"], "ann-push");
    const bob = await tokenWith(["read"], "bob-push");
    const s = sub(1);
    const res = await json("/api/me/push-devices", s, { token: ann });
    expect(res.status).toBe(201);
    const dev = (await res.json()) as { id: string; deviceName: string; service: string; lastSuccessAt: null };
    expect(dev).toMatchObject({ deviceName: "Pixel 1", service: "push.example.test", lastSuccessAt: null });
    expect(JSON.stringify(dev)).not.toContain(s.endpoint);
    // The same browser re-subscribing is one device, renamed.
    const again = (await (
      await json("/api/me/push-devices", { ...s, deviceName: "Work phone" }, { token: ann })
    ).json()) as {
      id: string;
    };
    expect(again.id).toBe(dev.id);
    const list = async (token: string) =>
      ((await (await call("/api/me/push-devices", { token })).json()) as { devices: { deviceName: string }[] }).devices;
    expect((await list(ann)).map((d) => d.deviceName)).toEqual(["Work phone"]);
    expect(await list(bob)).toEqual([]);
    expect((await call(`/api/me/push-devices/${dev.id}`, { method: "DELETE", token: bob })).status).toBe(404);
    expect((await call(`/api/me/push-devices/${dev.id}`, { method: "DELETE", token: ann })).status).toBe(200);
    expect(await list(ann)).toEqual([]);
    expect((await call("/api/me/push-devices")).status).toBe(200);
    expect((await call("/api/me/push-devices", { token: null })).status).toBe(401);
  });

  it("refuses bad subscriptions with a clear error and bounds devices per person", async () => {
    const t = await tokenWith(["read"], "cy-push");
    const bad = async (body: unknown) => {
      const r = await json("/api/me/push-devices", body, { token: t });
      expect(r.status).toBe(400);
      return ((await r.json()) as { error: { message: string } }).error.message;
    };
    expect(await bad({ ...sub(2), endpoint: "http://push.example.test/x" })).toMatch(/https/);
    // The demo's loopback push stand-in is accepted only where PUSH_ALLOW_LOOPBACK is set (npm start), not here.
    expect(await bad({ ...sub(2), endpoint: "http://127.0.0.1:8789/push/demo-phone" })).toMatch(/https/);
    expect(await bad({ ...sub(2), keys: { p256dh: "short", auth: "q1w2e3r4t5y6u7i8o9p0aa" } })).toBeTruthy();
    expect(await bad({ ...sub(2), deviceName: "" })).toBeTruthy();
    expect(await bad({ ...sub(2), extra: 1 })).toBeTruthy();
    for (let i = 0; i < 20; i++) expect((await json("/api/me/push-devices", sub(i), { token: t })).status).toBe(201);
    expect(await bad(sub(99))).toMatch(/at most 20 push devices/);
  });

  it("keeps each person's severities and quiet hours", async () => {
    const t = await tokenWith(["read"], "dee-push");
    const get = async () => (await (await call("/api/me/push-preferences", { token: t })).json()) as unknown;
    expect(await get()).toEqual({ severities: ["critical", "warning"], quietHours: null });
    const prefs = { severities: ["critical"], quietHours: { start: "22:00", end: "07:00" } };
    expect((await json("/api/me/push-preferences", prefs, { method: "PUT", token: t })).status).toBe(200);
    expect(await get()).toEqual(prefs);
    const wrong = { severities: ["critical"], quietHours: { start: "25:00", end: "07:00" } };
    expect((await json("/api/me/push-preferences", wrong, { method: "PUT", token: t })).status).toBe(400);
    expect(await get()).toEqual(prefs);
  });
});

describe("VAPID public key", () => {
  it("is served to signed-in clients as a 65-byte uncompressed point", async () => {
    expect((await call("/api/push/vapid-public-key", { token: null })).status).toBe(401);
    const { publicKey } = (await (await call("/api/push/vapid-public-key")).json()) as { publicKey: string };
    const bytes = Uint8Array.from(atob(publicKey.replaceAll("-", "+").replaceAll("_", "/") + "="), (ch) =>
      ch.charCodeAt(0),
    );
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(4);
  });
});
