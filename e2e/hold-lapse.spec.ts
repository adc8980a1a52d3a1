import { expect, test } from "@playwright/test";
import { auditPage, createSignedInFan, firstAvailableSeat, getTickets, holdAndCheckOut, seatButton } from "./helpers";

// Journey 3 (server with RESERVATION_HOLD_SECONDS=5): the countdown runs out, checkout says the hold lapsed,
// and the seat is available again on the map.
test("an unpaid hold lapses at the end of the countdown and the seat is free again", async ({ page }) => {
  await createSignedInFan(page);
  await getTickets(page, "아이유 콘서트");
  const seat = await firstAvailableSeat(page);
  await holdAndCheckOut(page, seat);

  await expect(page).toHaveURL(/\/checkout\/\d+$/);
  const countdown = page.getByTestId("hold-countdown");
  await expect(countdown).toHaveText(/^0:0[0-5]$/);

  const lapsed = page.getByRole("alert").filter({ hasText: "Your hold on this seat has lapsed." });
  await expect(lapsed).toBeVisible({ timeout: 10_000 });
  await expect(countdown).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Pay / })).toHaveCount(0);
  await auditPage(page, "checkout-hold-lapsed");

  await lapsed.getByRole("link", { name: "Back to the seat map" }).click();
  await expect(page).toHaveURL(/\/concerts\/\d+\/seats\?schedule=\d+/);
  await expect(seatButton(page, seat)).toHaveAccessibleName(/, available$/);

  // The ticket list agrees: the reservation reads as lapsed.
  await page.goto("/tickets");
  await expect(page.getByRole("listitem").filter({ hasText: `Seat ${seat}` })).toContainText("Hold lapsed");
});
