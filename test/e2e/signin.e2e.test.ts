import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startVigil, type RunningVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, shotIfFailed, PHONE, shot } from "./browser";

let vigil: RunningVigil;
let browser: Browser;

beforeAll(async () => {
  vigil = await startVigil({ port: 18601 });
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

describe("sign-in", () => {
  it("sends a visitor without a token to sign-in, remembering the page", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await page.goto(`${vigil.url}/explorer?q=up`);
    await page.waitForURL(/\/signin\?next=/);
    expect(new URL(page.url()).searchParams.get("next")).toBe("/explorer?q=up");
    await page.getByRole("heading", { name: "Sign in to Vigil" }).waitFor();
    await shot(page, "signin-desktop");
    await ctx.close();
  });

  it("rejects a wrong token with a readable error and accepts a pasted right one", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await page.goto(`${vigil.url}/signin?next=%2Fexplorer`);
    await page.getByLabel("Access token").fill("vgl_not_a_real_token");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/token/i);
    expect(await page.evaluate(() => localStorage.getItem("vigil.token"))).toBeNull();
    await page.getByLabel("Access token").fill(vigil.token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/explorer$/);
    await page.getByRole("heading", { name: "Metrics explorer" }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("vigil.token"))).toBe(vigil.token);
    await ctx.close();
  });

  it("one-click link stores the token and strips it from the URL (phone)", async () => {
    const { ctx, page } = await newPage(browser, PHONE);
    await page.goto(`${vigil.url}/signin#token=${encodeURIComponent(vigil.token)}`);
    await page.waitForURL((u) => u.pathname === "/");
    expect(page.url()).not.toContain(vigil.token);
    expect(await page.evaluate(() => history.length >= 1 && location.hash)).toBe("");
    expect(await page.evaluate(() => localStorage.getItem("vigil.token"))).toBe(vigil.token);
    await page.getByRole("navigation", { name: "Quick" }).waitFor();
    expect(await hasHorizontalScroll(page)).toBe(false);
    await shot(page, "home-phone");
    await ctx.close();
  });

  it("a one-time sign-in link signs in once; opened again it explains it was used and signs nobody in", async () => {
    const res = await fetch(`${vigil.url}/api/signin-links`, {
      method: "POST",
      headers: { authorization: `Bearer ${vigil.token}`, "content-type": "application/json" },
      body: JSON.stringify({ scopes: ["write"], userId: "oncall" }),
    });
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    const link = url.replace(/^https?:\/\/[^/]+/, vigil.url);
    const first = await newPage(browser, PHONE);
    await first.page.goto(link.replace("/signin#", "/signin?next=%2Falerts#"));
    await first.page.waitForURL((u) => u.pathname === "/alerts");
    expect(first.page.url()).not.toContain("vsl_");
    // The browser holds a session cookie that page scripts cannot read, never a token in localStorage.
    expect(await first.page.evaluate(() => localStorage.getItem("vigil.token"))).toBeNull();
    const cookies = await first.ctx.cookies();
    const session = cookies.find((c) => c.name === "__Host-vigil_session");
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    expect(await first.page.evaluate(() => document.cookie)).not.toContain("vigil_session");
    const me = await first.page.evaluate(async () => (await fetch("/api/me")).json());
    expect(me).toMatchObject({ kind: "session", userId: "oncall", scopes: ["write"], user: { handle: "oncall" } });
    await first.ctx.close();

    const second = await newPage(browser, DESKTOP);
    await second.page.goto(link);
    const alert = second.page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/already used/);
    expect(second.page.url()).not.toContain("vsl_");
    expect(await second.page.evaluate(() => localStorage.getItem("vigil.token"))).toBeNull();
    await shot(second.page, "signin-link-used-desktop");
    await second.ctx.close();
  });

  it("pins a scope chip that follows the user across pages", async () => {
    const { ctx, page } = await newPage(browser, DESKTOP);
    await page.goto(`${vigil.url}/signin#token=${encodeURIComponent(vigil.token)}`);
    await page.waitForURL((u) => u.pathname === "/");
    await page.getByLabel("Add scope filter (key=value)").fill("environment=production");
    await page.getByRole("button", { name: "Pin" }).click();
    await page.getByLabel("Add scope filter (key=value)").fill("region=us-east-1");
    await page.getByRole("button", { name: "Pin" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Metrics" }).click();
    await page.waitForURL(/\/explorer/);
    const scope = new URL(page.url()).searchParams.getAll("scope");
    expect(scope).toEqual(["environment=production", "region=us-east-1"]);
    await page.getByRole("button", { name: "Remove environment=production" }).waitFor();
    await page.keyboard.press("Control+k");
    await page.getByRole("combobox", { name: /Search/ }).fill("alert");
    await page
      .getByRole("option", { name: /Alerts/ })
      .first()
      .click();
    await page.waitForURL(/\/alerts/);
    expect(new URL(page.url()).searchParams.getAll("scope")).toEqual(scope);
    await shot(page, "scope-desktop");
    await ctx.close();
  });
});
