import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RestartableVigil, startVigil } from "../compat/harness";
import { DESKTOP, hasHorizontalScroll, launchBrowser, newPage, PHONE, shot, shotIfFailed, signIn } from "./browser";
import { checkoutMonitor, checkoutSeries, postJson, remoteWrite } from "./data";

let vigil: RestartableVigil;
let browser: Browser;
const LONG = { timeout: 120_000 };

beforeAll(async () => {
  vigil = await startVigil({ port: 18661 });
  await remoteWrite(vigil, checkoutSeries(Date.now()));
  browser = await launchBrowser();
});
afterEach((ctx) => shotIfFailed(ctx.task));
afterAll(async () => {
  await browser?.close();
  await vigil?.stop();
});

describe("acknowledge", () => {
  it("acknowledge from the alert page (desktop) shows who and when on the page, the list and the wall; the phone withdraws it", async () => {
    await postJson(vigil, "/api/monitors", checkoutMonitor());
    const wall = await newPage(browser, DESKTOP);
    await signIn(wall.page, vigil.url, vigil.token, "/wall");
    const tile = wall.page
      .getByRole("list", { name: "Firing alerts" })
      .getByRole("listitem")
      .filter({ hasText: "checkout-error-budget-burn" });
    await tile.waitFor(LONG);

    const desk = await newPage(browser, DESKTOP);
    await signIn(desk.page, vigil.url, vigil.token, "/alerts");
    await desk.page.getByRole("link", { name: "checkout-error-budget-burn" }).click();
    const panel = desk.page.getByRole("region", { name: "Acknowledgement" });
    await panel.getByLabel("Comment (optional)").fill("Rolling back <b>v3.41.0</b>");
    await panel.getByRole("button", { name: "Acknowledge" }).click();
    await panel.getByText("Acknowledged", { exact: true }).waitFor();
    expect(await panel.getByTestId("ack-comment").textContent()).toContain("Rolling back <b>v3.41.0</b>"); // inert text
    await shot(desk.page, "alert-acknowledged-desktop");
    // The wall hears it through the live feed, without reload.
    await tile.getByTestId("ack-badge").waitFor(LONG);
    expect(await tile.getByTestId("ack-badge").textContent()).toMatch(/^Acked by @/);
    await shot(wall.page, "wall-acknowledged-desktop");
    await desk.page.goto(`${vigil.url}/alerts`);
    const row = desk.page.getByRole("listitem").filter({ hasText: "checkout-error-budget-burn" });
    await row.getByTestId("ack-badge").waitFor();

    const phone = await newPage(browser, PHONE);
    await signIn(phone.page, vigil.url, vigil.token, "/alerts");
    await phone.page.getByRole("link", { name: "checkout-error-budget-burn" }).click();
    const phonePanel = phone.page.getByRole("region", { name: "Acknowledgement" });
    await phonePanel.getByText("Acknowledged", { exact: true }).waitFor();
    expect(await hasHorizontalScroll(phone.page)).toBe(false);
    await shot(phone.page, "alert-acknowledged-phone");
    await phonePanel.getByRole("button", { name: "Un-acknowledge" }).click();
    await phonePanel.getByRole("button", { name: "Acknowledge" }).waitFor();
    await tile.getByTestId("ack-badge").waitFor({ state: "detached", ...LONG });
    await phone.ctx.close();
    await desk.ctx.close();
    await wall.ctx.close();
  });
});
