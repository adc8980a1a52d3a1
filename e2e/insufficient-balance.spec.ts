import { expect, test } from "@playwright/test";
import { auditPage, createSignedInFan, firstAvailableSeat, getTickets, holdAndCheckOut, won } from "./helpers";

// Journey 4: the balance is short; checkout says so, offers a top-up that comes back, and payment then succeeds.
test("a fan with too little money tops up from checkout and pays", async ({ page }) => {
  await createSignedInFan(page, { topUp: 1_000 });
  await getTickets(page, "BTS World Tour");

  const seat = await firstAvailableSeat(page);
  await holdAndCheckOut(page, seat);
  await expect(page).toHaveURL(/\/checkout\/\d+$/);
  const checkoutUrl = page.url();

  const payButton = page.getByRole("button", { name: /^Pay ₩/ });
  const price = Number((await payButton.textContent())!.replace(/[^\d]/g, ""));
  await payButton.click();
  const error = page.getByRole("alert").filter({ hasText: "Your wallet balance is too low for this seat." });
  await expect(error).toBeVisible();

  // The top-up link carries the missing amount and brings the fan back to this checkout.
  await error.getByRole("link", { name: `Top up ${won(price - 1_000)}` }).click();
  await expect(page).toHaveURL(/\/wallet\?amount=\d+&returnTo=%2Fcheckout%2F\d+/);
  await expect(page.getByLabel("Amount (₩)")).toHaveValue(String(price - 1_000));
  await auditPage(page, "wallet-top-up-for-checkout");
  await page.getByRole("button", { name: `Add ${won(price - 1_000)}` }).click();

  await expect(page).toHaveURL(checkoutUrl);
  await expect(page.getByText(`Wallet balance: ${won(price)}`)).toBeVisible();
  await page.getByRole("button", { name: `Pay ${won(price)}` }).click();
  await expect(page).toHaveURL(/\/confirmed$/);
  await expect(page.getByRole("heading", { name: "You are going!" })).toBeVisible();
  await expect(page.getByRole("link", { name: `Wallet balance ${won(0)}` })).toBeVisible();
});
