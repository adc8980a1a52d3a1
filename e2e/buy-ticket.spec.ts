import { expect, test } from "@playwright/test";
import {
  DEMO_PASSWORD,
  firstAvailableSeat,
  getTickets,
  holdAndCheckOut,
  navLink,
  seatButton,
  uniqueEmail,
  won,
} from "./helpers";

// Journey 1: sign up, top up, join the queue, get admitted, pick a seat, pay, see the ticket and the debited wallet.
test("a new fan buys a ticket from sign-up to the ticket list", async ({ page }) => {
  const email = uniqueEmail("buyer");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("김하늘");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  // Top up with a preset amount.
  await navLink(page, "Wallet").click();
  await expect(page.getByTestId("wallet-balance")).toHaveText(won(0));
  await page.getByRole("button", { name: won(300_000) }).click();
  await page.getByRole("button", { name: `Add ${won(300_000)}` }).click();
  await expect(page.getByTestId("wallet-balance")).toHaveText(won(300_000));
  await expect(page.getByRole("link", { name: `Wallet balance ${won(300_000)}` })).toBeVisible();

  // Join the line and get admitted (capacity is plentiful on this server).
  await getTickets(page, "아이유 콘서트");
  const seat = await firstAvailableSeat(page);
  const price = Number(
    (await seatButton(page, seat).getAttribute("aria-label"))!.match(/₩([\d,]+)/)![1]!.replace(/,/g, ""),
  );
  await holdAndCheckOut(page, seat);

  // Checkout: the summary, a countdown, and payment from the wallet.
  await expect(page).toHaveURL(/\/checkout\/\d+$/);
  await expect(page.getByText(`Seat ${seat}`, { exact: true })).toBeVisible();
  await expect(page.getByTestId("hold-countdown")).toHaveText(/^[45]:\d\d$/);
  await page.getByRole("button", { name: `Pay ${won(price)}` }).click();

  // Confirmation, then the ticket and the debited wallet.
  await expect(page).toHaveURL(/\/checkout\/\d+\/confirmed$/);
  await expect(page.getByRole("heading", { name: "You are going!" })).toBeVisible();
  await expect(page.getByRole("link", { name: `Wallet balance ${won(300_000 - price)}` })).toBeVisible();

  await navLink(page, "My tickets").click();
  const ticket = page.getByRole("listitem").filter({ hasText: "아이유 콘서트" });
  await expect(ticket).toContainText(`Seat ${seat}`);
  await expect(ticket).toContainText("Confirmed");

  await navLink(page, "Wallet").click();
  await expect(page.getByTestId("wallet-balance")).toHaveText(won(300_000 - price));
  const history = page.getByRole("list", { name: "Wallet history, newest first" });
  await expect(history.getByRole("listitem").first()).toContainText("Ticket payment");
  await expect(history.getByRole("listitem").first()).toContainText(`−${won(price)}`);
  await expect(history.getByRole("listitem").nth(1)).toContainText(`+${won(300_000)}`);
});
