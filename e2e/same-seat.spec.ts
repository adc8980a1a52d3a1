import { expect, type Page } from "@playwright/test";
import {
  TEXT,
  createSignedInFan,
  firstAvailableSeat,
  getTickets,
  holdSeat,
  newFanContext,
  seatButton,
  seatState,
  test,
} from "./helpers";

// Journey 5: two fans press the same seat at the same moment; exactly one reaches checkout, the other is told.
test("two fans choose the same seat at once and exactly one gets it", async ({ browser, baseURL }) => {
  const contexts = await Promise.all([newFanContext(browser, baseURL!, "ko"), newFanContext(browser, baseURL!, "en")]);
  try {
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    const [first, second] = pages as [Page, Page];
    await createSignedInFan(first);
    await getTickets(first, "NewJeans Fan Meeting", "ko");
    await createSignedInFan(second);
    await getTickets(second, "NewJeans Fan Meeting", "en");
    const seat = await firstAvailableSeat(first, "ko");
    await expect(seatButton(second, seat, "en")).toHaveAccessibleName(seatState("en", "available"));

    await seatButton(first, seat, "ko").click();
    await seatButton(second, seat, "en").click();
    await Promise.all([
      first.getByRole("button", { name: TEXT.ko.holdSeat }).click(),
      second.getByRole("button", { name: TEXT.en.holdSeat }).click(),
    ]);
    const outcomes = await Promise.all([outcome(first, seat, "ko"), outcome(second, seat, "en")]);
    expect([...outcomes].sort()).toEqual(["checkout", "told"]);

    // The fan who lost sees the seat as held by someone else on the refreshed map.
    const loser = outcomes.indexOf("told");
    await expect(seatButton(pages[loser]!, seat, loser === 0 ? "ko" : "en")).toHaveAccessibleName(
      seatState(loser === 0 ? "ko" : "en", "held"),
    );
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});

// The map tells held from sold, and shows other fans' changes within a few seconds without a reload.
test("a watching fan sees a seat turn held, then sold, as a second fan holds and buys it", async ({
  browser,
  baseURL,
}) => {
  const contexts = await Promise.all([newFanContext(browser, baseURL!, "ko"), newFanContext(browser, baseURL!, "ko")]);
  try {
    const [watcher, buyer] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page];
    await createSignedInFan(watcher);
    await createSignedInFan(buyer, { topUp: 200_000 });
    await getTickets(watcher, "아이유 콘서트");
    await getTickets(buyer, "아이유 콘서트");
    const seat = await firstAvailableSeat(buyer);
    await expect(seatButton(watcher, seat)).toHaveAccessibleName(seatState("ko", "available"));

    // Count the watcher's seat-map requests and how many came back as 304 (nothing changed).
    const statuses: number[] = [];
    watcher.on("response", (r) => {
      if (/\/schedules\/\d+\/seats$/.test(new URL(r.url()).pathname)) statuses.push(r.status());
    });

    await holdSeat(buyer, seat);
    await expect(buyer).toHaveURL(/\/checkout\/\d+$/);
    await expect(seatButton(watcher, seat)).toHaveAccessibleName(seatState("ko", "held"), { timeout: 8_000 });

    await buyer.getByRole("button", { name: /결제하기$/ }).click();
    await expect(buyer).toHaveURL(/\/confirmed$/);
    await expect(seatButton(watcher, seat)).toHaveAccessibleName(seatState("ko", "sold"), { timeout: 8_000 });

    // Polling asked "changed since?" each time: unchanged maps came back empty (304).
    await watcher.waitForTimeout(3_500);
    expect(statuses.filter((s) => s === 304).length, JSON.stringify(statuses)).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 304)).toBe(true);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});

async function outcome(page: Page, seat: number, lang: "ko" | "en"): Promise<"checkout" | "told"> {
  const told = page.getByRole("alert").filter({ hasText: TEXT[lang].justTaken(seat) });
  let result: "checkout" | "told" | "pending" = "pending";
  await expect
    .poll(
      async () => {
        if (/\/checkout\/\d+$/.test(page.url())) result = "checkout";
        else if (await told.isVisible()) result = "told";
        return result;
      },
      { timeout: 20_000 },
    )
    .not.toBe("pending");
  return result as "checkout" | "told";
}
