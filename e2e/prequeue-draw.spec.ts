import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { auditPage, createSignedInFan, newFanContext, seatMap, signInThroughApi, test, won } from "./helpers";

// Issue 11's journey: an admin creates a concert through the organizer API and gives it a room of its own whose
// pre-queue opens now and whose sale starts a few seconds later, one fan shopping at a time and three seats.
// Three fans join in three browsers and see the countdown, the "no advantage" promise and the commitment;
// after the start each sees their drawn place (checked against the public draw document) and they are let in
// one by one in that order; they buy the three seats, and a fourth fan, who joined after the start and is
// still waiting, is told the show is sold out.

const SEATS = 3;
/** Long enough for the organizer's calls and three fans' first page loads before the start on a busy machine. */
const PREQUEUE_SECONDS = 75;

type Fan = { name: string; context: BrowserContext; page: Page; userId: number };

test("pre-queue fans are drawn, admitted in drawn order and sell the show out; a later fan is told", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const contexts: BrowserContext[] = [];
  try {
    // The fans sign up first (hashing passwords is slow on a busy machine; the pre-queue should not wait for it).
    const fans: Fan[] = [];
    for (const name of ["지은", "하늘", "민준", "서연"]) {
      const page = await newPage(browser, baseURL!, contexts);
      const { userId } = await createSignedInFan(page, { topUp: 100_000, name });
      fans.push({ name, context: page.context(), page, userId });
    }
    const late = fans.pop()!;

    // The organizer: a concert with one show of three seats, and its own room.
    const admin = await newPage(browser, baseURL!, contexts);
    await signInThroughApi(admin, "admin@example.com", "password123");
    const now = Date.now();
    const created = await admin.request.post("/api/admin/concerts", {
      data: {
        name: `추첨 라이브 ${now.toString(36)}`,
        artist: "Draw Band",
        venue: "추첨홀",
        schedules: [
          {
            concertAt: new Date(now + 30 * 86_400_000).toISOString(),
            reservationAt: new Date(now - 60_000).toISOString(),
            sections: [{ name: "R", price: 50_000, seats: SEATS }],
          },
        ],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const concert = (await created.json()) as { concertId: number };
    const salesStartAt = new Date(Date.now() + PREQUEUE_SECONDS * 1000);
    const room = await admin.request.put(`/api/admin/concerts/${concert.concertId}/room`, {
      data: {
        prequeueOpensAt: new Date(Date.now() - 1000).toISOString(),
        salesStartAt: salesStartAt.toISOString(),
        activeCapacity: 1,
      },
    });
    expect(room.status(), await room.text()).toBe(200);
    const { drawCommitment } = (await room.json()) as { drawCommitment: string };
    expect(drawCommitment).toMatch(/^[0-9a-f]{64}$/);
    const queuePath = `/concerts/${concert.concertId}/queue`;

    // Three fans join the pre-queue, each in a browser of their own.
    await Promise.all(fans.map((fan) => fan.page.goto(queuePath)));
    expect(
      Date.now(),
      "the fans joined before the sale started (else the machine is too slow for this test)",
    ).toBeLessThan(salesStartAt.getTime() - 20_000);
    for (const fan of fans) {
      const { page } = fan;
      await expect(page.getByText("사전 대기 중입니다.")).toBeVisible();
      await expect(page.getByText("먼저 들어오셨다고 유리하지 않습니다.", { exact: false })).toBeVisible();
      const countdown = page.getByTestId("prequeue-countdown");
      await expect(countdown).toHaveAccessibleName("예매 시작까지");
      const left = toSeconds((await countdown.textContent())!);
      const expected = (salesStartAt.getTime() - Date.now()) / 1000;
      expect(left).toBeGreaterThan(0);
      expect(Math.abs(left - expected)).toBeLessThanOrEqual(5);
      await expect(page.getByLabel("추첨 약속값 (SHA-256)")).toHaveValue(drawCommitment);
      // No place in line before the draw: nobody is ahead of anyone.
      await expect(page.getByTestId("queue-your-position")).toHaveCount(0);
    }
    // The commitment copies to the clipboard as it is.
    const first = fans[0]!;
    await first.context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await first.page.getByRole("button", { name: "복사", exact: true }).click();
    await expect(first.page.getByRole("button", { name: "복사됨 ✓" })).toBeVisible();
    expect(await first.page.evaluate(() => navigator.clipboard.readText())).toBe(drawCommitment);
    await auditPage(first.page, "waiting-room-prequeue");

    // The sale starts: the draw runs at the first poll after it, and every fan learns their place.
    let published: { entrants: number[]; drawCommitment: string } | null = null;
    await expect
      .poll(
        async () => {
          const res = await admin.request.get(`/api/concerts/${concert.concertId}/room/draw`);
          if (res.status() === 200) published = (await res.json()) as typeof published;
          return res.status();
        },
        { timeout: (PREQUEUE_SECONDS + 30) * 1000, intervals: [1000] },
      )
      .toBe(200);
    const draw = published!;
    expect(draw.drawCommitment).toBe(drawCommitment);
    expect(draw.entrants).toHaveLength(fans.length);

    const byPlace = new Map<number, Fan>();
    for (const fan of fans) {
      const token = await fan.page.request.get(`/api/queue/token/users/${fan.userId}?concertId=${concert.concertId}`);
      const { tokenId } = (await token.json()) as { tokenId: number };
      const place = draw.entrants.indexOf(tokenId) + 1;
      expect(place, `${fan.name}'s token ${tokenId} in the draw`).toBeGreaterThan(0);
      byPlace.set(place, fan);
    }
    expect([...byPlace.keys()].sort()).toEqual([1, 2, 3]);

    // A fourth fan arrives after the start: behind every entrant, and in no draw.
    await late.page.goto(queuePath);
    await expect(late.page.getByTestId("queue-your-position")).toBeVisible();
    await expect(late.page.getByTestId("drawn-place")).toHaveCount(0);

    // One fan shops at a time, in drawn order: each sees the place the draw gave them, buys a seat and leaves.
    for (let place = 1; place <= fans.length; place++) {
      const fan = byPlace.get(place)!;
      await expect(fan.page).toHaveURL(/\/seats/, { timeout: 60_000 });
      await expect(fan.page.getByTestId("admitted-drawn-place")).toContainText(`${place}번째`);
      for (let later = place + 1; later <= fans.length; later++) {
        const waiting = byPlace.get(later)!.page;
        await expect(waiting).toHaveURL(/\/queue$/);
        await expect(waiting.getByTestId("drawn-place-number")).toHaveText(String(later));
        await expect(waiting.getByTestId("queue-your-position")).toHaveText(String(later - place));
        if (place === 1 && later === fans.length) await auditPage(waiting, "waiting-room-drawn");
      }
      await buyFirstSeat(fan.page);
    }

    // Sold out: the fan still waiting is told, and the public room says so too.
    await expect(late.page.getByText("모든 좌석이 판매되었습니다.")).toBeVisible({ timeout: 60_000 });
    await expect(late.page).toHaveURL(/\/queue$/);
    const publicRoom = await late.page.request.get(`/api/concerts/${concert.concertId}/room`);
    expect(((await publicRoom.json()) as { saleState: string }).saleState).toBe("SOLD_OUT");
    const sold = await admin.request.get(`/api/admin/concerts/${concert.concertId}/room/stats`);
    expect(sold.status()).toBe(200);
  } finally {
    for (const context of contexts) await context.close();
  }
});

async function newPage(browser: Browser, baseURL: string, contexts: BrowserContext[]): Promise<Page> {
  const context = await newFanContext(browser, baseURL, "ko");
  contexts.push(context);
  return context.newPage();
}

/** "1:05" -> 65. */
function toSeconds(clock: string): number {
  return clock
    .trim()
    .split(":")
    .reduce((total, part) => total * 60 + Number(part), 0);
}

/** Selects the first available seat, holds it and pays from the wallet. */
async function buyFirstSeat(page: Page): Promise<void> {
  const seat = seatMap(page)
    .getByRole("button", { name: /, 예매 가능$/ })
    .first();
  const label = (await seat.getAttribute("aria-label"))!;
  const price = Number(/([\d,]+)원/.exec(label)![1]!.replace(/,/g, ""));
  await seat.click();
  await page.getByRole("button", { name: "이 좌석 선점하기" }).click();
  await expect(page).toHaveURL(/\/checkout\/\d+$/);
  await page.getByRole("button", { name: `${won(price)} 결제하기` }).click();
  await expect(page).toHaveURL(/\/confirmed$/);
}
