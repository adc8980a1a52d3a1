import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "correct-horse-battery";

type Fan = { userId: number; email: string; password: string; name: string };

export function uniqueEmail(prefix = "fan"): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}@example.com`;
}

/**
 * A new fan, signed in in this page's browser context, through the same API the pages use
 * (journeys that are not about signing up start here; the auth spec does it through the forms).
 */
export async function createSignedInFan(page: Page, options: { topUp?: number; name?: string } = {}): Promise<Fan> {
  const fan = { email: uniqueEmail(), password: DEMO_PASSWORD, name: options.name ?? "Test Fan" };
  const created = await page.request.post("/api/users", { data: fan });
  expect(created.status(), await created.text()).toBe(201);
  const { userId } = (await created.json()) as { userId: number };
  await signInThroughApi(page, fan.email, fan.password);
  if (options.topUp) {
    const charged = await page.request.post(`/api/balance/users/${userId}/charge`, { data: { amount: options.topUp } });
    expect(charged.status(), await charged.text()).toBe(200);
  }
  return { ...fan, userId };
}

export async function signInThroughApi(page: Page, email: string, password: string): Promise<void> {
  const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
  });
  expect(response.ok()).toBe(true);
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(email);
}

/** From the home page to the seat map: open the concert, press "Get tickets", wait to be admitted. */
export async function getTickets(page: Page, concertName: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("link", { name: concertName }).click();
  await expect(page.getByRole("heading", { level: 1, name: concertName })).toBeVisible();
  await page.getByRole("button", { name: "Get tickets" }).click();
  await expect(page).toHaveURL(/\/concerts\/\d+\/(queue|seats)/);
  await expect(page).toHaveURL(/\/concerts\/\d+\/seats/, { timeout: 30_000 });
  await expect(page.getByRole("group", { name: "Seat map" })).toBeVisible();
}

/**
 * Picks the given date (0-based) on the seat page. The date radios are controlled by the address
 * (?schedule=), which changes a moment after the click; until then React puts the radio back, so
 * `check()`, which looks at the radio right after its click, can fail. Click, and click again until the
 * radio stays checked (a click that landed before the page was ready is retried the same way).
 */
export async function chooseDate(page: Page, index: number): Promise<void> {
  const radio = page.getByRole("radio").nth(index);
  await expect(async () => {
    if (!(await radio.isChecked())) await radio.click();
    await expect(radio).toBeChecked({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("group", { name: "Seat map" })).toBeVisible();
}

/** The first seat the map shows as available, by number. */
export async function firstAvailableSeat(page: Page): Promise<number> {
  const seat = page
    .getByRole("group", { name: "Seat map" })
    .getByRole("button", { name: /, available$/ })
    .first();
  const label = await seat.getAttribute("aria-label");
  const match = /^Seat (\d+),/.exec(label ?? "");
  if (!match) throw new Error(`no available seat (first label: ${label})`);
  return Number(match[1]);
}

export function seatButton(page: Page, seatNumber: number) {
  return page
    .getByRole("group", { name: "Seat map" })
    .getByRole("button", { name: new RegExp(`^Seat ${seatNumber},`) });
}

/** The fan's held seats beside the map (the hold tray). */
export function heldSeats(page: Page) {
  return page.getByRole("region", { name: /held seats?$/ });
}

/** Chooses a seat on the map (a hold: the fan stays on the map) and checks out the held seats. */
export async function holdAndCheckOut(page: Page, seatNumber: number): Promise<void> {
  await seatButton(page, seatNumber).click();
  await expect(heldSeats(page).getByText(`Seat ${seatNumber}`, { exact: true })).toBeVisible();
  await heldSeats(page)
    .getByRole("link", { name: /^Check out \d+ seats?$/ })
    .click();
}

/** A link of the header's main navigation. */
export function navLink(page: Page, name: "Concerts" | "My tickets" | "Wallet" | "Account") {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
}

/** Money as the pages show it (ko-KR won), e.g. 99000 -> "₩99,000". */
export function won(amount: number): string {
  return new Intl.NumberFormat("ko-KR", { style: "currency", currency: "KRW", maximumFractionDigits: 0 }).format(
    amount,
  );
}

const SCREENSHOT_DIR = path.join(import.meta.dirname, "..", "docs", "screenshots");
const PHONE = { width: 375, height: 812 };
/** The screenshots in docs/ are taken only when asked (`npm run screenshots`), not on every test run. */
const TAKE_SCREENSHOTS = process.env.SCREENSHOTS === "1";

/**
 * Journey 6 for one page: an axe scan with no serious or critical violation, at desktop width and at a
 * 375 px phone width; with SCREENSHOTS=1, a screenshot of each under docs/screenshots/<name>-desktop|phone.png.
 */
export async function auditPage(page: Page, name: string, options: { exclude?: string } = {}): Promise<void> {
  if (TAKE_SCREENSHOTS) await mkdir(SCREENSHOT_DIR, { recursive: true });
  const desktop = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const [label, size] of [
    ["desktop", desktop],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await expect(page.locator("#main")).toBeVisible();
    await expectNoSeriousViolations(page, `${name} (${label})`, options.exclude);
    // Nothing may overflow the viewport sideways (responsive down to 375 px).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} (${label}) scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
    if (TAKE_SCREENSHOTS)
      await page.screenshot({
        path: path.join(SCREENSHOT_DIR, `${name}-${label}.png`),
        fullPage: true,
        animations: "disabled",
        caret: "hide",
      });
  }
  await page.setViewportSize(desktop);
}

export async function expectNoSeriousViolations(page: Page, where: string, exclude?: string): Promise<void> {
  const serious = await seriousViolations(page, exclude);
  const report = serious
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `   ${n.target.join(" ")}: ${n.failureSummary}`).join("\n")}`,
    )
    .join("\n");
  expect(serious, `axe on ${where}:\n${report}`).toEqual([]);
}

export async function seriousViolations(page: Page, exclude?: string) {
  let axe = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]);
  if (exclude) axe = axe.exclude(exclude);
  const results = await axe.analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
