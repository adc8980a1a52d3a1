import { expect, test } from "@playwright/test";
import {
  auditPage,
  createSignedInFan,
  firstAvailableSeat,
  getTickets,
  holdAndCheckOut,
  seatButton,
  won,
} from "./helpers";

// Journey 2 (server with QUEUE_ACTIVE_CAPACITY=1): fan A is admitted; fan B waits at position 1 with an
// estimate, and is admitted by itself once A has paid.
test("with room for one fan, the second waits and is let in when the first pays", async ({ browser }) => {
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  try {
    const a = await contextA.newPage();
    const b = await contextB.newPage();
    await createSignedInFan(a, { topUp: 200_000, name: "Fan A" });
    await createSignedInFan(b, { name: "Fan B" });

    await getTickets(a, "BTS World Tour");

    await b.goto("/");
    await b.getByRole("link", { name: "BTS World Tour" }).click();
    await b.getByRole("button", { name: "Get tickets" }).click();
    await expect(b).toHaveURL(/\/concerts\/\d+\/queue$/);
    await expect(b.getByTestId("queue-your-position")).toHaveText("1");
    await expect(b.getByTestId("queue-people-ahead")).toHaveText("0");
    await expect(b.getByTestId("queue-estimated-wait")).toHaveText(/estimating…|a few seconds|about \d+/);
    await expect(b.getByRole("progressbar", { name: "Progress in the line" })).toBeVisible();
    await expect(b.getByText("Your place is kept while this page stays open")).toBeVisible();
    await expect(b.locator('[aria-live="polite"]').filter({ hasText: "You are next in line." })).toHaveCount(1);
    await auditPage(b, "waiting-room");

    // B keeps waiting while A chooses and pays.
    const seat = await firstAvailableSeat(a);
    await holdAndCheckOut(a, seat);
    await expect(a).toHaveURL(/\/checkout\/\d+$/);
    await expect(b).toHaveURL(/\/queue$/);
    const pay = a.getByRole("button", { name: /^Pay ₩/ });
    const price = Number((await pay.textContent())!.replace(/[^\d]/g, ""));
    await pay.click();
    await expect(a).toHaveURL(/\/confirmed$/);
    await expect(a.getByRole("link", { name: `Wallet balance ${won(200_000 - price)}` })).toBeVisible();

    // Nobody touches B's page: it moves on to the seat map by itself.
    await expect(b).toHaveURL(/\/concerts\/\d+\/seats$/, { timeout: 30_000 });
    await expect(b.getByRole("group", { name: "Seat map" })).toBeVisible();
    await expect(seatButton(b, seat)).toHaveAccessibleName(/, taken$/);
  } finally {
    await contextA.close();
    await contextB.close();
  }
});
