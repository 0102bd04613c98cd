import { env, exports } from "cloudflare:workers";
import { afterAll, describe, expect, it, vi } from "vitest";
import { liveFeed } from "../../platform/live/publish";
import { ADMIN, BASE, call } from "./helpers";
import { installReceiver, RECEIVER } from "./lib/alerting-receiver";
import { check, Clock, createChannel, createMonitor, gauge, privateBase } from "./lib/monitor-fixture";

// PUBLIC_URL is not set in this suite (nor in wrangler.jsonc): links follow where requests arrive.
const clock = new Clock(privateBase(110));
const receiver = installReceiver();
afterAll(() => {
  receiver.restore();
  vi.useRealTimers();
});

const at = (origin: string, path: string, init: RequestInit = {}) =>
  (exports as unknown as { default: Fetcher }).default.fetch(new Request(origin + path, init));

describe("links follow where Vigil is served when PUBLIC_URL is unset", () => {
  it("links built for a request use that request's origin", async () => {
    const auth = { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" };
    const res = await at("https://vigil.other.example", "/api/signin-links", {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ scopes: ["read"], ttlMinutes: 5 }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { url: string }).url).toMatch(/^https:\/\/vigil\.other\.example\/signin#code=/);
  });

  it("a page sent from a monitor's alarm links to the origin of the last authenticated request", async () => {
    expect((await call("/api/me")).status).toBe(200);
    // An anonymous request from elsewhere does not move it.
    expect((await at("http://evil.example", "/api/me")).status).toBe(401);
    await vi.waitFor(async () => expect(await liveFeed(env).origin()).toBe(BASE), { timeout: 10_000 });
    const tag = Math.random().toString(36).slice(2, 8);
    const ch = await createChannel({
      kind: "pagerduty",
      name: "pd",
      config: { routingKey: "K", eventsUrl: `${RECEIVER}/pd/${tag}` },
    });
    await gauge(`origin_${tag}`, {}, clock.now, 5);
    const m = await createMonitor({ name: `Origin ${tag}`, query: `origin_${tag}`, channels: [ch] });
    await check(m.id);
    const page = receiver.received.find((r) => r.url.endsWith(tag));
    expect(page?.body.event_action).toBe("trigger");
    expect(String(page?.body.client_url)).toMatch(new RegExp(`^${BASE}/alerts/`));
  });
});
