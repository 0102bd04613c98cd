// Sign-in through a real OpenID provider (node-oidc-provider) in Chromium, and Cloudflare Access assertions
// signed locally and served from a local JWKS, against Vigil on workerd.
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../harness";
import { startAccessJwks, unsecuredJwt, type LocalAccess } from "./access-jwks";
import { startOidcProvider, type LocalProvider } from "./oidc-provider";

const VIGIL_PORT = 18770; // its OpenID provider takes 18771, the Access JWKS 18772
const base = `http://127.0.0.1:${VIGIL_PORT}`;
let vigil: RunningVigil;
let idp: LocalProvider;
let access: LocalAccess;
let browser: Browser;

beforeAll(async () => {
  idp = await startOidcProvider({
    port: 18771,
    clientId: "vigil",
    clientSecret: "vigil-local-secret",
    redirectUri: `${base}/api/auth/oidc/callback`,
    accounts: { alice: { email: "alice@example.com", name: "Alice Anders", groups: ["payments-oncall"] } },
  });
  access = await startAccessJwks(18772, "vigil-aud-tag");
  vigil = await startVigil({
    port: VIGIL_PORT,
    vars: {
      PUBLIC_URL: base,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: "vigil",
      OIDC_CLIENT_SECRET: "vigil-local-secret",
      OIDC_SCOPES: "openid email profile groups",
      OIDC_PROVIDER_NAME: "Local IdP",
      OIDC_ALLOW_HTTP: "true",
      ACCESS_TEAM_DOMAIN: access.teamDomain,
      ACCESS_AUD: access.aud,
    },
  });
  // Debian's Chromium, never a downloaded one (same flags as the e2e suite).
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
  await idp?.stop();
  await access?.stop();
});

const admin = (path: string, body?: unknown, method = body ? "POST" : "GET") =>
  fetch(`${vigil.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${vigil.token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("OpenID Connect through a real provider", () => {
  it("redirect, login, consent, callback, session cookie, a user with the browser's zone and groups' team; sign-out", async () => {
    expect((await admin("/api/teams", { name: "Payments" })).status).toBe(201);
    expect(
      (await admin("/api/teams/payments/groups", { group: "payments-oncall", role: "responder" }, "PUT")).status,
    ).toBe(200);
    const ctx = await browser.newContext({ timezoneId: "Asia/Tokyo", viewport: { width: 1280, height: 800 } });
    ctx.setDefaultTimeout(60_000);
    const page = await ctx.newPage();
    await page.goto(`${base}/alerts`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByRole("link", { name: "Sign in with Local IdP" }).click();
    // The provider's own pages: login (any login and password in its dev interactions), then consent.
    await page.waitForURL((u) => u.origin === idp.issuer);
    await page.locator('input[name="login"]').fill("alice");
    await page.locator('input[name="password"]').fill("any password");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(`${base}/alerts`);
    const cookie = (await ctx.cookies(base)).find((c) => c.name === "__Host-vigil_session");
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax" });
    const me = await page.evaluate(async () => (await fetch("/api/me")).json());
    expect(me).toMatchObject({
      kind: "session",
      scopes: ["respond"],
      user: {
        name: "Alice Anders",
        email: "alice@example.com",
        handle: "alice",
        timeZone: "Asia/Tokyo",
        role: "viewer",
      },
      teams: [{ name: "Payments", role: "responder" }],
    });
    await page.getByRole("link", { name: /Your settings \(Alice Anders\)/ }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/signin/);
    expect((await ctx.cookies(base)).find((c) => c.name === "__Host-vigil_session")).toBeUndefined();
    const after = await fetch(`${base}/api/me`, { headers: { cookie: `__Host-vigil_session=${cookie!.value}` } });
    expect(after.status).toBe(401);
    await ctx.close();
  });

  it("a callback without the browser's state cookie is refused", async () => {
    const res = await fetch(`${base}/api/auth/oidc/callback?code=x&state=forged`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(decodeURIComponent(res.headers.get("location") ?? "")).toMatch(/^\/signin\?error=.*another browser/);
  });
});

describe("Cloudflare Access", () => {
  const me = (jwt: string) => fetch(`${base}/api/me`, { headers: { "cf-access-jwt-assertion": jwt } });
  const claims = { sub: "access-sub-1", email: "bob@example.com" };

  it("accepts an assertion signed by the team's key: a user just in time and a session", async () => {
    const res = await me(await access.sign(claims));
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/__Host-vigil_session=vss_.*HttpOnly/);
    expect(await res.json()).toMatchObject({ kind: "session", user: { email: "bob@example.com", handle: "bob" } });
  });

  it("refuses expired, wrong-audience, badly signed and alg:none assertions", async () => {
    const cases: [string, string, RegExp][] = [
      ["expired", await access.sign(claims, { expiresIn: Math.floor(Date.now() / 1000) - 600 }), /expired/],
      ["wrong audience", await access.sign(claims, { aud: "someone-elses-app" }), /aud/],
      ["bad signature", await access.sign(claims, { otherKey: true }), /signature/],
      [
        "alg none",
        unsecuredJwt({ ...claims, iss: access.teamDomain, aud: access.aud, exp: Math.floor(Date.now() / 1000) + 600 }),
        /algorithm|not valid/,
      ],
    ];
    for (const [what, jwt, why] of cases) {
      const res = await me(jwt);
      expect(res.status, what).toBe(401);
      expect(res.headers.get("set-cookie"), what).toBeNull();
      expect(((await res.json()) as { error: { message: string } }).error.message, what).toMatch(why);
    }
  });

  it("a fresh assertion alone cannot write: writes need the session's CSRF token", async () => {
    const res = await fetch(`${base}/api/scope`, {
      method: "PUT",
      headers: { "cf-access-jwt-assertion": await access.sign(claims), "content-type": "application/json" },
      body: JSON.stringify({ matchers: [] }),
    });
    expect(res.status).toBe(403);
  });
});
