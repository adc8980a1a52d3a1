import { expect, type Page } from "@playwright/test";
import {
  DEMO_PASSWORD,
  TEXT,
  createSignedInFan,
  firstAvailableSeat,
  getTickets,
  holdSeat,
  navLink,
  seatButton,
  seatMap,
  seatPrice,
  test,
  uniqueEmail,
  won,
} from "./helpers";

// Journey 1, in Korean (the site's language) and in English: sign up, top up, join the queue, get admitted,
// pick a seat, pay (with a double click), see the ticket and the debited wallet.
for (const lang of ["ko", "en"] as const) {
  test.describe(`in ${lang === "ko" ? "Korean" : "English"}`, () => {
    test.use({ lang });

    test("a new fan buys a ticket from sign-up to the ticket list", async ({ page }) => {
      const T = TEXT[lang];
      const email = uniqueEmail("buyer");
      await page.goto("/sign-up");
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await page.getByLabel(lang === "ko" ? "이름" : "Name").fill("김하늘");
      await page.getByLabel(lang === "ko" ? "이메일" : "Email").fill(email);
      await page.getByLabel(lang === "ko" ? "비밀번호" : "Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: lang === "ko" ? "회원가입" : "Create account" }).click();
      await expect(page.getByRole("button", { name: T.signOut })).toBeVisible();

      // Top up with a preset amount.
      await navLink(page, "wallet", lang).click();
      await expect(page.getByTestId("wallet-balance")).toHaveText(won(0, lang));
      await page.getByRole("button", { name: won(300_000, lang), exact: true }).click();
      await page
        .getByRole("button", { name: lang === "ko" ? `${won(300_000, lang)} 충전` : `Add ${won(300_000, lang)}` })
        .click();
      await expect(page.getByTestId("wallet-balance")).toHaveText(won(300_000, lang));
      await expect(page.getByRole("link", { name: `${T.walletBalance} ${won(300_000, lang)}` })).toBeVisible();

      // No request of the journey answers 404 (a paid checkout once asked for the ended queue token).
      const notFound: string[] = [];
      page.on("response", (r) => {
        if (r.status() === 404) notFound.push(r.url());
      });

      // Join the line and get admitted (capacity is plentiful on this server).
      await getTickets(page, "아이유 콘서트", lang);
      const seat = await firstAvailableSeat(page, lang);
      const price = await seatPrice(page, seat, lang);
      await holdSeat(page, seat, lang);

      // Checkout: the summary, a countdown, and payment from the wallet. A double click on Pay charges once
      // and ends on the confirmation (never on a "request in use" message).
      await expect(page).toHaveURL(/\/checkout\/\d+$/);
      await expect(page.getByTestId("checkout-seat")).toHaveText(T.seatText(seat));
      await expect(page.getByTestId("hold-countdown")).toHaveText(/^[45]:\d\d$/);
      const pay = page.getByRole("button", {
        name: lang === "ko" ? `${won(price, lang)} 결제하기` : `Pay ${won(price, lang)}`,
      });
      await pay.dblclick();

      // Confirmation, then the ticket and the debited wallet.
      await expect(page).toHaveURL(/\/checkout\/\d+\/confirmed$/);
      await expect(page.getByRole("heading", { name: T.going })).toBeVisible();
      await expect(page.getByRole("link", { name: `${T.walletBalance} ${won(300_000 - price, lang)}` })).toBeVisible();

      await navLink(page, "tickets", lang).click();
      const ticket = page.getByRole("listitem").filter({ hasText: "아이유 콘서트" });
      // The ticket card names the grade with the seat ("VIP석 1번", "VIP seat 1").
      await expect(ticket).toContainText(lang === "ko" ? new RegExp(`석 ${seat}번`) : new RegExp(` seat ${seat}\\b`));
      await expect(ticket).toContainText(T.confirmed);
      await expect(page.getByRole("listitem").filter({ hasText: "아이유 콘서트" })).toHaveCount(1);

      await navLink(page, "wallet", lang).click();
      await expect(page.getByTestId("wallet-balance")).toHaveText(won(300_000 - price, lang));
      const history = page.getByRole("list", {
        name: lang === "ko" ? "지갑 이용 내역 (최신순)" : "Wallet history, newest first",
      });
      await expect(history.getByRole("listitem")).toHaveCount(2);
      await expect(history.getByRole("listitem").first()).toContainText(lang === "ko" ? "티켓 결제" : "Ticket payment");
      await expect(history.getByRole("listitem").first()).toContainText(`−${won(price, lang)}`);
      await expect(history.getByRole("listitem").nth(1)).toContainText(`+${won(300_000, lang)}`);
      expect(notFound).toEqual([]);
    });
  });
}

test("switching the language keeps the session and the admission, and the choice persists", async ({ page }) => {
  await createSignedInFan(page, { topUp: 200_000 });
  await getTickets(page, "NewJeans Fan Meeting", "ko");
  const url = page.url();
  const seat = await firstAvailableSeat(page, "ko");

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(seatMap(page, "en")).toBeVisible();
  expect(page.url()).toBe(url);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  // Still admitted: the seat can be held without going back to the line.
  await holdSeat(page, seat, "en");
  await expect(page).toHaveURL(/\/checkout\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("NewJeans Fan Meeting");

  // The choice is a cookie: a new page load is still English, and switching back works.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Upcoming concerts" })).toBeVisible();
  await page.getByRole("button", { name: "한국어" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "지금 예매할 수 있는 공연" })).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true });

  test("every seat is a 44 px target, a tap only selects, and the fan buys a ticket", async ({ page }) => {
    await createSignedInFan(page, { topUp: 200_000 });
    await getTickets(page, "BTS World Tour", "ko");

    // Every seat, whatever its state, is at least 44 x 44 CSS pixels; the map pans inside its box, so the page
    // itself never scrolls sideways.
    const sizes = await seatMap(page, "ko")
      .getByRole("button")
      .evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect()).map((r) => [r.width, r.height]));
    expect(sizes.length).toBe(50);
    for (const [w, h] of sizes) {
      expect(w).toBeGreaterThanOrEqual(44);
      expect(h).toBeGreaterThanOrEqual(44);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    // Reach the last seat of a row by panning the map, and tap it: it is selected, nothing is held yet.
    const seat = await lastAvailableInRow(page);
    await seatButton(page, seat, "ko").scrollIntoViewIfNeeded();
    await seatButton(page, seat, "ko").tap();
    await expect(seatButton(page, seat, "ko")).toHaveAttribute("aria-pressed", "true");
    await page.waitForTimeout(500);
    await expect(page).toHaveURL(/\/seats/);
    const mine = await page.request.get("/api/me/reservations");
    expect(((await mine.json()) as { reservations: unknown[] }).reservations).toHaveLength(0);

    // The second, deliberate step holds it.
    await page.getByRole("button", { name: TEXT.ko.holdSeat }).tap();
    await expect(page).toHaveURL(/\/checkout\/\d+$/);
    await page.getByRole("button", { name: /결제하기$/ }).tap();
    await expect(page).toHaveURL(/\/confirmed$/);
    await expect(page.getByRole("heading", { name: TEXT.ko.going })).toBeVisible();

    // No word broken across lines: the show time ("오후 7:00 KST") and the date each stay on one line.
    for (const part of await page.locator("main time > span").all()) {
      const lines = await part.evaluate((el) => el.getClientRects().length);
      expect(lines, (await part.textContent()) ?? "").toBe(1);
    }
  });
});

async function lastAvailableInRow(page: Page): Promise<number> {
  const labels = await seatMap(page, "ko")
    .getByRole("button", { name: /, 예매 가능$/ })
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label") ?? ""));
  const numbers = labels.map((l) => Number(/ (\d+)번,/.exec(l)?.[1])).filter((n) => n % 10 === 0 || n % 10 === 9);
  if (!numbers[0]) throw new Error("no available seat at the end of a row");
  return numbers[0];
}
