import { expect, test, type Page } from "@playwright/test";
import { createSignedInFan, firstAvailableSeat, getTickets, heldSeats, seatButton } from "./helpers";

// Journey 5: two fans press the same seat at the same moment; exactly one holds it, the other is told.
test("two fans choose the same seat at once and exactly one gets it", async ({ browser }) => {
  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const pages = await Promise.all(contexts.map((c) => c.newPage()));
    const [first, second] = pages as [Page, Page];
    for (const page of pages) {
      await createSignedInFan(page);
      await getTickets(page, "NewJeans Fan Meeting");
    }
    const seat = await firstAvailableSeat(first);
    await expect(seatButton(second, seat)).toHaveAccessibleName(/, available$/);

    await Promise.all(pages.map((page) => seatButton(page, seat).click()));
    const outcomes = await Promise.all(pages.map((page) => outcome(page, seat)));
    expect([...outcomes].sort()).toEqual(["held", "told"]);

    // The fan who lost sees the seat as taken on the refreshed map.
    const loser = pages[outcomes.indexOf("told")]!;
    await expect(seatButton(loser, seat)).toHaveAccessibleName(/, taken$/);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});

async function outcome(page: Page, seat: number): Promise<"held" | "told"> {
  const told = page.getByRole("alert").filter({ hasText: `Seat ${seat} was just taken by someone else.` });
  const held = heldSeats(page).getByText(`Seat ${seat}`, { exact: true });
  let result: "held" | "told" | "pending" = "pending";
  await expect
    .poll(
      async () => {
        if (await held.isVisible()) result = "held";
        else if (await told.isVisible()) result = "told";
        return result;
      },
      { timeout: 20_000 },
    )
    .not.toBe("pending");
  return result as "held" | "told";
}
