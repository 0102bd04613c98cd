// Browser helpers: Debian's Chromium through playwright-core (never a downloaded browser).
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { repoRoot } from "../compat/harness";

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

let lastPage: Page | null = null;

/** afterEach: keep a screenshot of the page a failed test left behind, to see what the user would have seen. */
export async function shotIfFailed(task: { name: string; result?: { state?: string } }): Promise<void> {
  if (task.result?.state !== "fail" || !lastPage || lastPage.isClosed()) return;
  await lastPage
    .screenshot({
      path: path.join(repoRoot, "test/e2e/out", `FAILED-${task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}.png`),
      fullPage: true,
    })
    .catch(() => undefined);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function newPage(
  browser: Browser,
  viewport: { width: number; height: number },
  /** More context options, e.g. `timezoneId` for a browser in another zone than the person's profile. */
  more: BrowserContextOptions = {},
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({
    ...more,
    viewport,
    deviceScaleFactor: 1,
    hasTouch: viewport.width < 500,
    isMobile: viewport.width < 500,
  });
  // The machine is shared by many engineers: be patient, not flaky.
  ctx.setDefaultTimeout(60_000);
  ctx.setDefaultNavigationTimeout(90_000);
  const page = await ctx.newPage();
  lastPage = page;
  // Failures in the page show up in the test output, not only in a screenshot.
  page.on("pageerror", (e) => console.error(`[page error] ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().includes("/signin"))
      console.error(
        `[http ${r.status()}] ${r.request().method()} ${r.url().replace(/access_token=[^&]+/, "access_token=…")}`,
      );
  });
  return { ctx, page };
}

/** Sign in the way a user does from `npm start`: the one-click `/signin#token=` link. */
export async function signIn(page: Page, baseUrl: string, token: string, next = "/"): Promise<void> {
  await page.goto(`${baseUrl}/signin?next=${encodeURIComponent(next)}#token=${encodeURIComponent(token)}`);
  await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(repoRoot, "test/e2e/out", `${name}.png`), fullPage: true });
}

/** True when the page scrolls horizontally (forbidden at 390 px). */
export function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}
