// The service page's headline figures as a person reads them (requests/min, errors/min, p99), for tests that
// compare them with the story's numbers.
import type { Page } from "playwright-core";
import { expect } from "vitest";

export interface Figures {
  req: number;
  err: number;
  p99Ms: number;
}

/** Open a service page and read its figures once they come from the service's own metrics. */
export async function serviceFigures(page: Page, url: string, timeout = 240_000): Promise<Figures> {
  await page.goto(url);
  await page
    .getByLabel("Where the figures come from")
    .getByText(/^From metrics/)
    .waitFor({ timeout });
  const read = async (label: string) =>
    (await page.getByRole("group", { name: label }).locator("div").nth(1).textContent()) ?? "";
  const num = (s: string) => Number(s.replace(/[^\d.]/g, ""));
  const p99 = await read("p99 latency");
  return {
    req: num(await read("Requests/min")),
    err: num(await read("Errors/min")),
    p99Ms: Number.parseFloat(p99) * (p99.endsWith("ms") ? 1 : 1000),
  };
}

/** `got` within `share` (15 % unless told) of the story's `want`. */
export function near(got: number, want: number, what: string, share = 0.15): void {
  expect(Math.abs(got - want) / want, `${what}: ${got} vs ~${want}`).toBeLessThan(share);
}
