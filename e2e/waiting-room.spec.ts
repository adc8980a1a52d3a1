import { expect, type Browser, type Page } from "@playwright/test";
import {
  auditPage,
  createSignedInFan,
  expectNoSeriousViolations,
  firstAvailableSeat,
  getTickets,
  holdSeat,
  newFanContext,
  seatButton,
  seatMap,
  seatState,
  signInThroughApi,
  test,
  won,
} from "./helpers";

// Journey 2 (server with QUEUE_ACTIVE_CAPACITY=1): fan A is admitted; fan B waits at position 1 with an
// estimate, keeps the place through a language switch, sees a paused room explained, and is let in by itself
// once A has paid, told so even with the tab in the background.
test("with room for one fan, the second waits and is let in when the first pays", async ({ browser, baseURL }) => {
  const contextA = await newFanContext(browser, baseURL!, "ko");
  const contextB = await newFanContext(browser, baseURL!, "ko");
  try {
    const a = await contextA.newPage();
    const b = await contextB.newPage();
    await createSignedInFan(a, { topUp: 200_000, name: "Fan A" });
    await createSignedInFan(b, { name: "Fan B" });
    await contextB.grantPermissions(["notifications"]);
    // Records the system notifications the page shows (the real ones need a desktop).
    await b.addInitScript(() => {
      const shown: string[] = [];
      (window as unknown as { __notifications: string[] }).__notifications = shown;
      class FakeNotification {
        static permission = "granted";
        static requestPermission = async () => "granted";
        onclick: (() => void) | null = null;
        constructor(title: string) {
          shown.push(title);
        }
      }
      (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    });

    await getTickets(a, "BTS World Tour");

    await b.goto("/");
    await b.getByRole("link", { name: "BTS World Tour" }).click();
    await b.getByRole("button", { name: "예매하기" }).click();
    await expect(b).toHaveURL(/\/concerts\/\d+\/queue$/);
    await expect(b.getByTestId("queue-your-position")).toHaveText("1");
    await expect(b.getByTestId("queue-people-ahead")).toHaveText("0");
    await expect(b.getByTestId("queue-estimated-wait")).toHaveText(/계산 중…|곧|약 \d+/);
    // Nobody was ahead when B joined: no progress bar stuck half full, just "next".
    await expect(b.getByRole("progressbar")).toHaveCount(0);
    await expect(b.getByText("바로 다음 순서입니다.")).toBeVisible();
    await expect(b.getByTestId("queue-announcement")).toHaveText("다음 순서입니다.");
    await auditPage(b, "waiting-room");
    await expectTilesFit(b);

    // Switching the language keeps the place (same token, same position) and the session.
    await b.getByRole("button", { name: "English" }).click();
    await expect(b.getByTestId("queue-estimated-wait")).toHaveText(/estimating…|a few seconds|about \d+/);
    await expect(b.getByTestId("queue-your-position")).toHaveText("1");
    await expect(b.locator("p", { hasText: "You are next in line." })).toBeVisible();
    await expectTilesFit(b);
    await auditPage(b, "waiting-room-en");
    await b.getByRole("button", { name: "한국어" }).click();
    await expect(b.getByTestId("queue-your-position")).toHaveText("1");

    // B has allowed notifications (granted above), then puts the tab in the background.
    await expect(b.getByText("차례가 되면 알림을 보내 드립니다.")).toBeVisible();
    await b.evaluate(() => {
      Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    });

    // B keeps waiting while A chooses and pays.
    const seat = await firstAvailableSeat(a);
    await holdSeat(a, seat);
    await expect(a).toHaveURL(/\/checkout\/\d+$/);
    await expect(b).toHaveURL(/\/queue$/);
    const pay = a.getByRole("button", { name: /결제하기$/ });
    const price = Number((await pay.textContent())!.replace(/[^\d]/g, ""));
    await pay.click();
    await expect(a).toHaveURL(/\/confirmed$/);
    await expect(a.getByRole("link", { name: `지갑 잔액 ${won(200_000 - price)}` })).toBeVisible();

    // Nobody touches B's page: it moves on to the seat map by itself, and the background tab says so.
    await expect(b).toHaveURL(/\/concerts\/\d+\/seats$/, { timeout: 30_000 });
    await expect(seatMap(b)).toBeVisible();
    await expect(seatButton(b, seat)).toHaveAccessibleName(seatState("ko", "sold"));
    await expect.poll(() => b.title(), { timeout: 5_000 }).toContain("입장 차례입니다");
    expect(await b.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications)).toEqual([
      "🔔 입장 차례입니다!",
    ]);
  } finally {
    await contextA.close();
    await contextB.close();
  }
});

// ONSALE.md's room states: a paused room (the organizer's PATCH /api/admin/room) is told apart from a slow one,
// in both languages.
test("a paused room says the organizer paused admissions, in Korean and in English", async ({ browser, baseURL }) => {
  const contextA = await newFanContext(browser, baseURL!, "ko");
  const contextB = await newFanContext(browser, baseURL!, "ko");
  try {
    const a = await contextA.newPage();
    const b = await contextB.newPage();
    // A takes the one place (or waits behind an earlier test's fan): either way B has to wait.
    const fanA = await createSignedInFan(a);
    expect((await a.request.post(`/api/queue/token/users/${fanA.userId}`)).status()).toBe(200);
    await createSignedInFan(b);
    await setGeneralRoomPaused(browser, baseURL!, true);
    await b.goto("/");
    await b.getByRole("link", { name: "아이유 콘서트" }).click();
    await b.getByRole("button", { name: "예매하기" }).click();
    await expect(b).toHaveURL(/\/queue$/);
    const paused = b.getByTestId("room-paused");
    await expect(paused).toContainText("주최측이 입장을 잠시 멈췄습니다.");
    await expect(paused).toContainText("대기 순서는 그대로 유지됩니다.");
    await expect(b.getByTestId("queue-estimated-wait")).toHaveText("재개 후 안내");
    await expect(b.getByTestId("queue-announcement")).toHaveText("주최측이 입장을 잠시 멈췄습니다.");
    await auditPage(b, "waiting-room-paused");
    await expectTilesFit(b);

    await b.getByRole("button", { name: "English" }).click();
    await expect(paused).toContainText("The organizer has paused admissions.");
    await expect(b.getByTestId("queue-estimated-wait")).toHaveText("after admissions resume");
    await expectNoSeriousViolations(b, "paused waiting room (English)");
    await expectTilesFit(b);
    await expect(b).toHaveURL(/\/queue$/);
  } finally {
    await setGeneralRoomPaused(browser, baseURL!, false);
    await contextA.close();
    await contextB.close();
  }
});

/** The organizer's control, through the organizer API as the demo admin (the e2e databases hold the demo data). */
async function setGeneralRoomPaused(browser: Browser, baseURL: string, paused: boolean): Promise<void> {
  const admin = await browser.newContext({ baseURL });
  try {
    const page = await admin.newPage();
    await signInThroughApi(page, "admin@example.com", "password123");
    const res = await page.request.patch("/api/admin/room", { data: { paused } });
    expect(res.status(), await res.text()).toBe(200);
  } finally {
    await admin.close();
  }
}

/** The three tiles stay inside the card on a 375 px phone (the wait text wraps rather than overflowing). */
async function expectTilesFit(page: Page): Promise<void> {
  const desktop = page.viewportSize()!;
  await page.setViewportSize({ width: 375, height: 812 });
  for (const id of ["queue-your-position", "queue-people-ahead", "queue-estimated-wait"]) {
    const overflow = await page.getByTestId(id).evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
      tile: el.parentElement!.scrollWidth - el.parentElement!.clientWidth,
    }));
    expect(overflow.scroll, id).toBeLessThanOrEqual(overflow.client);
    expect(overflow.tile, id).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize(desktop);
}
