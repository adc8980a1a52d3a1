import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type Browser, type BrowserContext, type Page } from "@playwright/test";

export type Lang = "ko" | "en";

/** Puts the language choice (the cookie the language switch writes) into a browser context. */
export async function setLanguage(context: BrowserContext, baseURL: string, lang: Lang): Promise<void> {
  await context.addCookies([{ name: "NEXT_LOCALE", value: lang, url: baseURL, sameSite: "Lax" }]);
}

/**
 * Playwright's test with a `lang` option: every context starts in that language (Korean is the site's default;
 * `test.use({ lang: "en" })` switches a spec to English).
 */
export const test = base.extend<{ lang: Lang }>({
  lang: ["ko", { option: true }],
  context: async ({ context, lang, baseURL }, provide) => {
    await setLanguage(context, baseURL!, lang);
    await provide(context);
  },
});

/** A second (or third) fan's browser, in the given language. */
export async function newFanContext(browser: Browser, baseURL: string, lang: Lang): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  await setLanguage(context, baseURL, lang);
  return context;
}

/** The texts the journeys look for, in both languages (the same words the messages files give fans). */
export const TEXT = {
  ko: {
    getTickets: "예매하기",
    seatMap: "좌석 배치도",
    holdSeat: "이 좌석 선점하기",
    signOut: "로그아웃",
    signIn: "로그인",
    walletBalance: "지갑 잔액",
    going: "예매가 완료되었습니다!",
    confirmed: "예매 완료",
    pay: "결제하기",
    nav: { concerts: "공연", tickets: "예매 내역", wallet: "지갑", account: "내 정보" },
    seatState: { available: "예매 가능", held: "다른 분이 선택 중", sold: "판매 완료", mine: "내 좌석" },
    justTaken: (n: number) => `${n}번 좌석을 방금 다른 분이 선택했습니다.`,
    seatText: (n: number) => `${n}번`,
  },
  en: {
    getTickets: "Get tickets",
    seatMap: "Seat map",
    holdSeat: "Hold this seat",
    signOut: "Sign out",
    signIn: "Sign in",
    walletBalance: "Wallet balance",
    going: "You are going!",
    confirmed: "Confirmed",
    pay: "Pay",
    nav: { concerts: "Concerts", tickets: "My tickets", wallet: "Wallet", account: "Account" },
    seatState: { available: "available", held: "held by someone", sold: "sold", mine: "yours" },
    justTaken: (n: number) => `Seat ${n} was just taken by someone else.`,
    seatText: (n: number) => `Seat ${n}`,
  },
} as const;

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
export async function getTickets(page: Page, concertName: string, lang: Lang = "ko"): Promise<void> {
  await page.goto("/");
  await page.getByRole("link", { name: concertName }).click();
  await expect(page.getByRole("heading", { level: 1, name: concertName })).toBeVisible();
  await page.getByRole("button", { name: TEXT[lang].getTickets }).click();
  await expect(page).toHaveURL(/\/concerts\/\d+\/(queue|seats)/);
  await expect(page).toHaveURL(/\/concerts\/\d+\/seats/, { timeout: 30_000 });
  await expect(seatMap(page, lang)).toBeVisible();
}

export function seatMap(page: Page, lang: Lang = "ko") {
  return page.getByRole("group", { name: TEXT[lang].seatMap });
}

/**
 * Picks the given date (0-based) on the seat page. The date radios are controlled by the address
 * (?schedule=), which changes a moment after the click; until then React puts the radio back, so
 * `check()`, which looks at the radio right after its click, can fail. Click, and click again until the
 * radio stays checked (a click that landed before the page was ready is retried the same way).
 */
export async function chooseDate(page: Page, index: number, lang: Lang = "ko"): Promise<void> {
  const radio = page.getByRole("radio").nth(index);
  await expect(async () => {
    if (!(await radio.isChecked())) await radio.click();
    await expect(radio).toBeChecked({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(seatMap(page, lang)).toBeVisible();
}

/** The seat number in a seat's accessible name ("VIP석 7번, ..." / "Seat 7, ..."). */
function seatNumberOf(label: string | null, lang: Lang): number | undefined {
  const match = (lang === "ko" ? /^\S+석 (\d+)번,/ : /^Seat (\d+),/).exec(label ?? "");
  return match ? Number(match[1]) : undefined;
}

/** The first seat the map shows as available, by number. */
export async function firstAvailableSeat(page: Page, lang: Lang = "ko"): Promise<number> {
  const seat = seatMap(page, lang)
    .getByRole("button", { name: new RegExp(`, ${TEXT[lang].seatState.available}$`) })
    .first();
  const label = await seat.getAttribute("aria-label");
  const n = seatNumberOf(label, lang);
  if (n === undefined) throw new Error(`no available seat (first label: ${label})`);
  return n;
}

export function seatButton(page: Page, seatNumber: number, lang: Lang = "ko") {
  return seatMap(page, lang).getByRole("button", {
    name: lang === "ko" ? new RegExp(`^\\S+석 ${seatNumber}번,`) : new RegExp(`^Seat ${seatNumber},`),
  });
}

/** The seat's state as its accessible name ends. */
export function seatState(lang: Lang, state: keyof (typeof TEXT)["ko"]["seatState"]): RegExp {
  return new RegExp(`, ${TEXT[lang].seatState[state]}$`);
}

/** Selects a seat, then holds it with the second step's button (a tap alone never holds a seat). */
export async function holdSeat(page: Page, seatNumber: number, lang: Lang = "ko"): Promise<void> {
  await seatButton(page, seatNumber, lang).click();
  await expect(seatButton(page, seatNumber, lang)).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("button", { name: TEXT[lang].holdSeat }).click();
}

/** The price in a seat's accessible name, in won. */
export async function seatPrice(page: Page, seatNumber: number, lang: Lang = "ko"): Promise<number> {
  const label = (await seatButton(page, seatNumber, lang).getAttribute("aria-label")) ?? "";
  const match = /([\d,]+)원|₩([\d,]+)/.exec(label);
  if (!match) throw new Error(`no price in ${label}`);
  return Number((match[1] ?? match[2])!.replace(/,/g, ""));
}

/** The fan's held seats beside the map (the hold tray): "선점한 좌석 2석" / "Your 2 held seats". */
export function heldSeats(page: Page) {
  return page.getByRole("region", { name: /^선점한 좌석 \d+석$|held seats?$/ });
}

/** A link of the header's main navigation. */
export function navLink(page: Page, name: keyof (typeof TEXT)["ko"]["nav"], lang: Lang = "ko") {
  return page
    .getByRole("navigation", { name: lang === "ko" ? "주 메뉴" : "Main" })
    .getByRole("link", { name: TEXT[lang].nav[name], exact: true });
}

/** Money as the pages show it: "99,000원" in Korean, "₩99,000" in English. */
export function won(amount: number, lang: Lang = "ko"): string {
  const digits = new Intl.NumberFormat("en-US").format(amount);
  return lang === "ko" ? `${digits}원` : `₩${digits}`;
}

const SCREENSHOT_DIR = path.join(import.meta.dirname, "..", "docs", "screenshots");
const PHONE = { width: 375, height: 812 };
/** The screenshots in docs/ are taken only when asked (`npm run screenshots`), not on every test run. */
const TAKE_SCREENSHOTS = process.env.SCREENSHOTS === "1";

/**
 * Journey 6 for one page: an axe scan with no serious or critical violation, at desktop width and at a
 * 375 px phone width; with SCREENSHOTS=1, a screenshot of each under docs/screenshots/<name>-desktop|phone.png.
 * `phoneAxe: false` checks only the sideways overflow at phone width, for a page whose markup another pass
 * already scanned there (the same page in the other language): axe is most of the e2e suite's CPU.
 */
export async function auditPage(
  page: Page,
  name: string,
  options: { exclude?: string; screenshot?: boolean; phoneAxe?: boolean } = {},
): Promise<void> {
  const shoot = TAKE_SCREENSHOTS && options.screenshot !== false;
  if (shoot) await mkdir(SCREENSHOT_DIR, { recursive: true });
  const desktop = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const [label, size] of [
    ["desktop", desktop],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await expect(page.locator("#main")).toBeVisible();
    if (label === "desktop" || options.phoneAxe !== false)
      await expectNoSeriousViolations(page, `${name} (${label})`, options.exclude);
    // Nothing may overflow the viewport sideways (responsive down to 375 px).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} (${label}) scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
    if (shoot)
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
