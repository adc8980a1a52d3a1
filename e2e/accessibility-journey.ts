import { expect, type Page } from "@playwright/test";
import {
  auditPage,
  chooseDate,
  createSignedInFan,
  expectNoSeriousViolations,
  firstAvailableSeat,
  getTickets,
  navLink,
  seatButton,
  seatState,
  test,
  TEXT,
} from "./helpers";

// Journey 6: every page passes an axe scan (no serious or critical issue) at desktop and phone width in Korean,
// at desktop width in English; with SCREENSHOTS=1 (npm run screenshots) the Korean pages are saved under docs/screenshots/.
// The waiting room is scanned in waiting-room.spec.ts (it needs a full queue) and the lapsed checkout in
// hold-lapse.spec.ts. In English the phone width is checked for overflow only: the markup is the Korean
// pass's, scanned at both widths. Each language is its own spec file (accessibility.spec.ts,
// accessibility-en.spec.ts) so that the two journeys, minutes each, run in two workers at once.

export function accessibilityTests(lang: "ko" | "en"): void {
  test.describe(lang === "ko" ? "in Korean" : "in English", () => {
    test.use({ lang });

    test(`every page passes axe${lang === "ko" ? " at desktop and phone width" : ""}`, async ({ page, context }) => {
      // A dozen pages, each scanned (and photographed) twice: minutes on a slow or shared machine (4.3 min seen).
      test.setTimeout(480_000);
      const T = TEXT[lang];
      const ko = lang === "ko";
      const audit = (name: string, options: { exclude?: string } = {}) =>
        auditPage(page, name, { ...options, screenshot: ko, phoneAxe: ko });

      await page.goto("/");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(
        ko ? "지금 예매할 수 있는 공연" : "Upcoming concerts",
      );
      await audit("home-signed-out");

      await page.getByRole("link", { name: "아이유 콘서트" }).click();
      await expect(page.getByRole("link", { name: T.getTickets })).toBeVisible();
      await expect(page.getByTestId("concert-dates").getByRole("listitem")).toHaveCount(2);
      await expect(page.getByTestId("seat-grades")).toContainText(ko ? "VIP석" : "VIP");
      await audit("concert-signed-out");

      await page.goto("/sign-in");
      await audit("sign-in");
      await page.getByRole("main").getByRole("button", { name: T.signIn }).click();
      await expect(page.getByText(ko ? "비밀번호를 입력해 주세요." : "Enter your password.")).toBeVisible();
      await expectNoSeriousViolations(page, "sign-in with field errors");

      await page.goto("/sign-up");
      await audit("sign-up");
      await page.getByRole("button", { name: ko ? "회원가입" : "Create account" }).click();
      await expect(page.getByText(ko ? "이름을 입력해 주세요." : "Enter your name.")).toBeVisible();
      await expectNoSeriousViolations(page, "sign-up with field errors");

      await page.goto("/no-such-page");
      await expect(
        page.getByRole("heading", { name: ko ? "페이지를 찾을 수 없습니다" : "Page not found" }),
      ).toBeVisible();
      await audit("not-found");

      // Signed in: the fan's pages.
      const fan = await createSignedInFan(page, { topUp: 500_000, name: "김지은" });
      await page.goto("/");
      await expect(page.getByRole("link", { name: new RegExp(T.walletBalance) })).toBeVisible();
      await audit("home");

      await getTickets(page, "아이유 콘서트", lang);
      await chooseDate(page, 1, lang);
      await expect(page).toHaveURL(/\?schedule=\d+$/);

      // The seat map works from the keyboard: arrow keys move, Enter selects, the hold button holds.
      const seat = await firstAvailableSeat(page, lang);
      await seatButton(page, seat, lang).focus();
      await page.keyboard.press("ArrowRight");
      await expect(seatButton(page, seat + 1, lang)).toBeFocused();
      await page.keyboard.press("ArrowLeft");
      await expect(seatButton(page, seat, lang)).toBeFocused();
      await page.keyboard.press("Enter");
      await expect(seatButton(page, seat, lang)).toHaveAttribute("aria-pressed", "true");
      await page.getByRole("button", { name: T.holdSeat }).click();
      await expect(page).toHaveURL(/\/checkout\/\d+$/);
      await expect(page.getByTestId("hold-countdown")).toBeVisible();
      await audit("checkout");

      // Back on the map, the held seat shows as the fan's own, with a way back to checkout.
      await page.goBack();
      await expect(seatButton(page, seat, lang)).toHaveAccessibleName(seatState(lang, "mine"));
      await expect(page.getByRole("link", { name: ko ? "결제하러 가기" : "Go to checkout" })).toBeVisible();
      await audit("seat-map");

      await navLink(page, "tickets", lang).click();
      await expect(page.getByText(ko ? "결제 대기" : "Awaiting payment")).toBeVisible();
      await audit("tickets-awaiting-payment");

      await page.getByRole("link", { name: ko ? "결제하기" : "Pay now" }).click();
      await page.getByRole("button", { name: ko ? /결제하기$/ : /^Pay ₩/ }).click();
      await expect(page).toHaveURL(/\/confirmed$/);
      await expect(page.getByRole("heading", { name: T.going })).toBeVisible();
      await audit("confirmation");

      await navLink(page, "tickets", lang).click();
      await expect(page.getByText(T.confirmed)).toBeVisible();
      await audit("tickets");

      await navLink(page, "wallet", lang).click();
      await expect(page.getByText(ko ? "티켓 결제" : "Ticket payment", { exact: true })).toBeVisible();
      await audit("wallet");
      await page.getByLabel(ko ? "충전 금액 (원)" : "Amount (₩)").fill("1,000,001");
      await page
        .getByRole("button", { name: ko ? "충전하기" : "Add money" })
        .last()
        .click();
      await expect(
        page.getByText(ko ? "1원부터 1,000,000원까지 입력할 수 있습니다." : "Enter an amount from ₩1 to ₩1,000,000."),
      ).toBeVisible();
      await expectNoSeriousViolations(page, "wallet with a field error");
      // The preset buttons fit their card at 1280 px (they once overflowed it).
      for (const preset of await page.getByRole("group").getByRole("button").all()) {
        expect(await preset.evaluate((b) => b.scrollWidth <= b.clientWidth)).toBe(true);
      }

      // Account: the user id is shown; a key is shown once, copies to the clipboard, and can be revoked.
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      await navLink(page, "account", lang).click();
      await expect(page.getByTestId("user-id")).toHaveText(String(fan.userId));
      await expect(page.getByTestId("no-api-keys")).toBeVisible();
      await page.getByLabel(ko ? "키 이름 (선택)" : "Key name (optional)").fill("Partner bot");
      await page.getByRole("button", { name: ko ? "키 만들기" : "Create key" }).click();
      const key = await page.getByLabel(ko ? "새 API 키" : "New API key").inputValue();
      expect(key.length).toBeGreaterThan(20);
      await page.getByRole("button", { name: ko ? "복사" : "Copy", exact: true }).click();
      await expect(page.getByRole("button", { name: ko ? "복사됨 ✓" : "Copied ✓" })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
      // The key works as a credential for the API, but not for managing keys (that takes a signed-in session).
      const balanceWithKey = () =>
        page.request.get(`/api/balance/users/${fan.userId}`, { headers: { "X-API-Key": key } });
      expect((await balanceWithKey()).status()).toBe(200);
      expect((await page.request.post("/api/me/api-keys", { headers: { "X-API-Key": key }, data: {} })).status()).toBe(
        403,
      );
      await audit("account");
      await page.getByRole("button", { name: ko ? "완료" : "Done" }).click();
      await expect(page.getByLabel(ko ? "새 API 키" : "New API key")).toHaveCount(0);
      await page.getByRole("button", { name: ko ? "Partner bot 폐기" : "Revoke Partner bot" }).click();
      await page.getByRole("button", { name: ko ? "Partner bot 폐기 확인" : "Confirm revoking Partner bot" }).click();
      await expect(page.getByTestId("no-api-keys")).toBeVisible();
      expect((await balanceWithKey()).status()).toBe(401);
    });

    test("the API documentation page renders the OpenAPI document", async ({ page }) => {
      // Every operation (over 60 now) in one page, then axe at two widths: slow on a busy 2-core machine.
      test.setTimeout(480_000);
      await page.goto("/docs");
      await expect(
        page.getByRole("heading", { name: lang === "ko" ? "API 문서" : "API documentation", level: 1 }),
      ).toBeVisible();
      const reference = page.getByTestId("api-reference");
      // Rendered on the server: every operation is in the first HTML.
      await expect(reference.getByRole("article")).toHaveCount(await operationCount(page));
      await expect(reference).toContainText("/api/queue/status");
      // The same document in both languages: axe on its 60+ operations once (in Korean) is the slow part.
      // Every operation is the same component: axe scans the first two of each group (the rest is most of a
      // minute of colour-contrast checks on a busy machine), and at phone width only the overflow is checked.
      if (lang === "ko")
        await auditPage(page, "docs", {
          screenshot: true,
          phoneAxe: false,
          exclude: "[data-testid=api-reference] article:nth-of-type(n+3)",
        });
    });
  });
}

async function operationCount(page: Page): Promise<number> {
  const document = (await (await page.request.get("/api/openapi.json")).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  return Object.values(document.paths).reduce((n, item) => n + Object.keys(item).length, 0);
}
