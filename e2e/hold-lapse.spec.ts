import { expect } from "@playwright/test";
import {
  auditPage,
  createSignedInFan,
  firstAvailableSeat,
  getTickets,
  holdSeat,
  seatButton,
  seatState,
  test,
} from "./helpers";

// Journey 3 (server with RESERVATION_HOLD_SECONDS=5): the countdown runs out, checkout says the hold lapsed,
// and the seat is available again on the map.
test("an unpaid hold lapses at the end of the countdown and the seat is free again", async ({ page }) => {
  await createSignedInFan(page);
  await getTickets(page, "아이유 콘서트");
  const seat = await firstAvailableSeat(page);
  await holdSeat(page, seat);

  await expect(page).toHaveURL(/\/checkout\/\d+$/);
  const countdown = page.getByTestId("hold-countdown");
  await expect(countdown).toHaveText(/^0:0[0-5]$/);

  const lapsed = page.getByRole("alert").filter({ hasText: "좌석 선점 시간이 끝났습니다." });
  await expect(lapsed).toBeVisible({ timeout: 10_000 });
  await expect(countdown).toHaveCount(0);
  await expect(page.getByRole("button", { name: /결제하기$/ })).toHaveCount(0);
  await auditPage(page, "checkout-hold-lapsed");

  await lapsed.getByRole("link", { name: "좌석 배치도로 돌아가기" }).click();
  await expect(page).toHaveURL(/\/concerts\/\d+\/seats\?schedule=\d+/);
  await expect(seatButton(page, seat)).toHaveAccessibleName(seatState("ko", "available"));

  // The ticket list agrees: the reservation reads as lapsed.
  await page.goto("/tickets");
  await expect(page.getByRole("listitem").filter({ hasText: `${seat}번 좌석` })).toContainText("선점 만료");
});
