import { expect, test, type Page } from "@playwright/test";
import {
  auditPage,
  chooseDate,
  createSignedInFan,
  getTickets,
  heldSeats,
  navLink,
  seatButton,
  signInThroughApi,
  won,
} from "./helpers";

// The ticket's life: a fan holds three seats, releases one, pays two in one payment, sees two tickets with QR
// codes, cancels one and sees the refund in the wallet history; an admin checks the other in by its code, and
// a second check-in of it is refused.
// The ticket pages (hold tray, one checkout for several holds, ticket cards with QR codes, the door) came from
// a branch written before the Korean-first UI; they are being moved onto it, and this journey with them.
test.fixme("hold three, release one, pay two at once, cancel one, check the other in once", async ({
  page,
  browser,
}) => {
  await createSignedInFan(page, { topUp: 1_000_000 });
  await getTickets(page, "BTS World Tour");
  await chooseDate(page, 1);
  const scheduleId = Number(new URL(page.url()).searchParams.get("schedule"));

  // Three seats held from the map; the fan stays on the map, with one countdown for all of them.
  const seats = await availableSeats(page, 3);
  for (const [i, seat] of seats.entries()) {
    await seatButton(page, seat).click();
    await expect(heldSeats(page).getByText(`Seat ${seat}`, { exact: true })).toBeVisible();
    await expect(heldSeats(page)).toHaveAccessibleName(i === 0 ? "Your held seat" : `Your ${i + 1} held seats`);
  }
  await expect(heldSeats(page).getByRole("timer")).toHaveText(/^[45]:\d\d$/);
  await auditPage(page, "seat-map-three-held");

  // A seat clicked by mistake goes back on sale at once.
  const [kept1, kept2, dropped] = seats as [number, number, number];
  await heldSeats(page)
    .getByRole("button", { name: `Release seat ${dropped}` })
    .click();
  await expect(heldSeats(page)).toHaveAccessibleName("Your 2 held seats");
  await expect(seatButton(page, dropped)).toHaveAccessibleName(/, available$/);

  // One checkout, one payment for both.
  const prices = await Promise.all([kept1, kept2].map((s) => seatPrice(page, s)));
  const total = prices[0]! + prices[1]!;
  await heldSeats(page).getByRole("link", { name: "Check out 2 seats" }).click();
  await expect(page).toHaveURL(/\/checkout\?r=\d+,\d+$/);
  await expect(page.getByTestId("hold-countdown")).toBeVisible();
  await auditPage(page, "checkout-two-seats");
  await page.getByRole("button", { name: `Pay ${won(total)}` }).click();

  // Two tickets, each with its QR code and booking number.
  await expect(page).toHaveURL(/\/tickets\?paid=\d+,\d+$/);
  const qr = page.getByRole("img", { name: /^QR code of ticket / });
  await expect(qr).toHaveCount(2);
  await expect(qr.first().locator("svg")).toBeVisible();
  const ticket = (seat: number) => page.getByRole("listitem", { name: new RegExp(`BTS World Tour, Seat ${seat}\\b`) });
  const otherNumber = (await ticket(kept2).getByTestId("booking-number").textContent())!;
  const otherCode = (await ticket(kept2)
    .getByRole("img", { name: /^QR code/ })
    .getAttribute("data-ticket-code"))!;
  expect(otherNumber).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await expect(ticket(kept1).getByRole("button", { name: "Add to calendar" })).toBeVisible();
  const download = page.waitForEvent("download");
  await ticket(kept1).getByRole("button", { name: "Add to calendar" }).click();
  expect((await download).suggestedFilename()).toMatch(/^ticket-[2-9A-Z]{8}\.ics$/);
  await auditPage(page, "tickets");

  // Cancel one: the refund goes back to the wallet.
  await ticket(kept1).getByRole("button", { name: "Cancel ticket" }).click();
  await ticket(kept1).getByRole("button", { name: "Yes, cancel and refund" }).click();
  await expect(ticket(kept1)).toContainText(`${won(prices[0]!)} refunded to your wallet`);
  await expect(ticket(kept1).getByRole("img", { name: /^QR code/ })).toHaveCount(0);
  await expect(qr).toHaveCount(1);

  await navLink(page, "wallet", "en").click();
  await expect(page.getByTestId("wallet-balance")).toHaveText(won(1_000_000 - prices[1]!));
  const history = page.getByRole("list", { name: "Wallet history, newest first" });
  const refund = history.getByRole("listitem").first();
  await expect(refund).toContainText("Refund");
  await expect(refund).toContainText(`+${won(prices[0]!)}`);
  await expect(refund).toContainText(`BTS World Tour`);
  await expect(refund).toContainText(`seat ${kept1}`);
  const payment = history.getByRole("listitem").nth(1);
  await expect(payment).toContainText(`−${won(total)}`);
  await expect(payment).toContainText(`seat ${kept1}`);
  await expect(payment).toContainText(`seat ${kept2}`);

  // A fan cannot open the door page.
  await page.goto("/admin/check-in");
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();

  // The admin at the door: the scanned code gets in once; typing its booking number again is refused.
  const staff = await browser.newContext();
  try {
    const door = await staff.newPage();
    await signInThroughApi(door, "admin@example.com", "password123");
    await door.goto("/admin/check-in");
    await expect(door.getByRole("heading", { name: "Check-in" })).toBeVisible();
    await door.getByLabel("Show").selectOption(String(scheduleId));
    await door.getByLabel("Ticket code or booking number").fill(otherCode);
    await door.getByRole("button", { name: "Check in" }).click();
    await expect(door.getByRole("status").filter({ hasText: `Admitted: seat ${kept2}` })).toBeVisible();
    await auditPage(door, "check-in");

    await door.getByLabel("Ticket code or booking number").fill(otherNumber.toLowerCase());
    await door.getByRole("button", { name: "Check in" }).click();
    await expect(door.getByRole("alert").filter({ hasText: "Already checked in" })).toBeVisible();

    await door
      .getByLabel("Ticket code or booking number")
      .fill(`${otherCode.slice(0, -1)}${otherCode.endsWith("A") ? "B" : "A"}`);
    await door.getByRole("button", { name: "Check in" }).click();
    await expect(door.getByRole("alert").filter({ hasText: "Not valid for this show" })).toContainText("forged");
  } finally {
    await staff.close();
  }

  // The fan's ticket now says it was used.
  await navLink(page, "tickets", "en").click();
  await expect(ticket(kept2)).toContainText("Checked in");
});

/** The first `count` available seats of the map, by number. */
async function availableSeats(page: Page, count: number): Promise<number[]> {
  const labels = await page
    .getByRole("group", { name: "Seat map" })
    .getByRole("button", { name: /, available$/ })
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label") ?? ""));
  const numbers = labels.map((l) => Number(/^Seat (\d+),/.exec(l)?.[1])).filter((n) => n > 0);
  expect(numbers.length).toBeGreaterThanOrEqual(count);
  return numbers.slice(0, count);
}

async function seatPrice(page: Page, seat: number): Promise<number> {
  const label = (await seatButton(page, seat).getAttribute("aria-label"))!;
  return Number(/₩([\d,]+)/.exec(label)![1]!.replace(/,/g, ""));
}
