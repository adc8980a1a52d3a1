import { expect, type Page } from "@playwright/test";
import {
  auditPage,
  chooseDate,
  createSignedInFan,
  getTickets,
  heldSeats,
  navLink,
  seatButton,
  seatMap,
  signInThroughApi,
  test,
  won,
} from "./helpers";

// The ticket's life, in Korean: a fan selects three seats and holds them at once, releases one, pays two in one
// payment, sees two tickets with QR codes, cancels one and sees the refund in the wallet history; an admin
// checks the other in by its code, and a second check-in of it is refused.
test("hold three, release one, pay two at once, cancel one, check the other in once", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await createSignedInFan(page, { topUp: 1_000_000 });
  await getTickets(page, "BTS World Tour");
  await chooseDate(page, 1);
  const scheduleId = Number(new URL(page.url()).searchParams.get("schedule"));

  // Three seats selected on the map (a tap selects; nothing is held yet), then held with one button.
  const seats = await availableSeats(page, 3);
  for (const seat of seats) {
    await seatButton(page, seat.number).click();
    await expect(seatButton(page, seat.number)).toHaveAttribute("aria-pressed", "true");
  }
  await expect(page.getByTestId("selected-seat")).toHaveText(seats.map((s) => `${s.grade}석 ${s.number}번`).join(", "));
  await page.getByRole("button", { name: "선택한 3석 선점하기" }).click();

  // One checkout for the three holds, with one countdown (the earliest hold's).
  await expect(page).toHaveURL(/\/checkout\?r=\d+,\d+,\d+$/);
  await expect(page.getByRole("heading", { name: "선택한 좌석 3석" })).toBeVisible();
  await expect(page.getByRole("timer")).toHaveCount(1);
  await expect(page.getByTestId("hold-countdown")).toHaveText(/^[45]:\d\d$/);
  await auditPage(page, "checkout-several-seats");

  // A seat chosen by mistake goes back on sale at once.
  const [kept1, kept2, dropped] = seats as [Seat, Seat, Seat];
  await page.getByRole("button", { name: `${dropped.number}번 좌석 선점 취소` }).click();
  await expect(page.getByRole("heading", { name: "선택한 좌석 2석" })).toBeVisible();
  const total = kept1.price + kept2.price;
  await expect(page.getByRole("button", { name: `${won(total)} 결제하기` })).toBeVisible();

  // Back on the map: the released seat is available again; the two holds wait in the tray with one countdown.
  await page.goto(`${await concertPath(page)}/seats?schedule=${scheduleId}`);
  await expect(seatButton(page, dropped.number)).toHaveAccessibleName(/, 예매 가능$/);
  await expect(seatButton(page, kept1.number)).toHaveAccessibleName(/, 내 좌석$/);
  await expect(heldSeats(page)).toHaveAccessibleName("선점한 좌석 2석");
  await expect(heldSeats(page).getByRole("timer")).toHaveCount(1);
  await expect(heldSeats(page).getByRole("timer")).toHaveText(/^[345]:\d\d$/);
  await auditPage(page, "seat-map-hold-tray");
  await heldSeats(page).getByRole("link", { name: "2석 결제하러 가기" }).click();

  // One payment for both.
  await expect(page).toHaveURL(/\/checkout\?r=\d+,\d+$/);
  await page.getByRole("button", { name: `${won(total)} 결제하기` }).click();

  // Two tickets, each with its QR code, booking number, grade and venue.
  await expect(page).toHaveURL(/\/tickets\?paid=\d+,\d+$/);
  await expect(page.getByRole("status").filter({ hasText: "티켓 2장" })).toBeVisible();
  const qr = page.getByRole("img", { name: /티켓의 QR 코드$/ });
  await expect(qr).toHaveCount(2);
  await expect(qr.first().locator("svg")).toBeVisible();
  const ticket = (seat: Seat) =>
    page.getByRole("listitem", { name: `BTS World Tour, ${seat.grade}석 ${seat.number}번`, exact: true });
  await expect(ticket(kept1)).toContainText(`${kept1.grade}석 ${kept1.number}번 · ${won(kept1.price)}`);
  const venue = await concertVenue(page, "BTS World Tour");
  await expect(ticket(kept1)).toContainText(venue);
  const otherNumber = (await ticket(kept2).getByTestId("booking-number").textContent())!;
  const otherCode = (await ticket(kept2)
    .getByRole("img", { name: /QR 코드$/ })
    .getAttribute("data-ticket-code"))!;
  expect(otherNumber).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  expect(otherCode).toMatch(/^TK1\.\d+\.\d+\./);
  const download = page.waitForEvent("download");
  await ticket(kept1).getByRole("button", { name: "캘린더에 추가" }).click();
  const ics = await download;
  expect(ics.suggestedFilename()).toMatch(/^ticket-[2-9A-Z]{8}\.ics$/);
  const icsText = await readDownload(ics);
  expect(icsText).toContain("BEGIN:VEVENT");
  expect(icsText).toContain(`${kept1.grade}석 ${kept1.number}번`);
  await auditPage(page, "tickets-qr");

  // Cancel one, after a confirmation: the refund goes back to the wallet and the QR code is gone.
  await ticket(kept1).getByRole("button", { name: "예매 취소" }).click();
  await expect(ticket(kept1).getByRole("group", { name: "예매 취소" })).toContainText(won(kept1.price));
  await ticket(kept1).getByRole("button", { name: "취소하고 환불받기" }).click();
  await expect(ticket(kept1)).toContainText(`${won(kept1.price)}이 지갑으로 환불되었습니다`);
  await expect(ticket(kept1).getByRole("img", { name: /QR 코드$/ })).toHaveCount(0);
  await expect(qr).toHaveCount(1);
  await auditPage(page, "tickets-cancelled");

  await navLink(page, "wallet").click();
  await expect(page.getByTestId("wallet-balance")).toHaveText(won(1_000_000 - kept2.price));
  const history = page.getByRole("list", { name: "지갑 이용 내역 (최신순)" });
  const refund = history.getByRole("listitem").first();
  await expect(refund).toContainText("환불");
  await expect(refund).toContainText(`+${won(kept1.price)}`);
  await expect(refund).toContainText("BTS World Tour");
  await expect(refund).toContainText(`${kept1.grade}석 ${kept1.number}번`);
  const payment = history.getByRole("listitem").nth(1);
  await expect(payment).toContainText("티켓 결제");
  await expect(payment).toContainText(`−${won(total)}`);
  await expect(payment).toContainText(`${kept1.grade}석 ${kept1.number}번`);
  await expect(payment).toContainText(`${kept2.grade}석 ${kept2.number}번`);

  // A fan cannot open the door page.
  await page.goto("/admin/check-in");
  await expect(page.getByRole("heading", { name: "운영자 전용 페이지입니다" })).toBeVisible();

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
    await expect(door.getByRole("status").filter({ hasText: `Admitted: seat ${kept2.number}` })).toBeVisible();

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

  // The fan's ticket now says it was used, and can no longer be cancelled.
  await navLink(page, "tickets").click();
  await expect(ticket(kept2)).toContainText("입장 완료");
  await expect(ticket(kept2).getByRole("button", { name: "예매 취소" })).toHaveCount(0);
});

type Seat = { number: number; grade: string; price: number };

/** The first `count` available seats of the map, with their grade and price, from their accessible names. */
async function availableSeats(page: Page, count: number): Promise<Seat[]> {
  const labels = await seatMap(page)
    .getByRole("button", { name: /, 예매 가능$/ })
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label") ?? ""));
  const seats = labels.flatMap((label) => {
    const match = /^(\S+)석 (\d+)번, ([\d,]+)원,/.exec(label);
    return match ? [{ grade: match[1]!, number: Number(match[2]), price: Number(match[3]!.replace(/,/g, "")) }] : [];
  });
  expect(seats.length).toBeGreaterThanOrEqual(count);
  return seats.slice(0, count);
}

/** The concert's page of the fan's latest reservation. */
async function concertPath(page: Page): Promise<string> {
  const reservations = (await (await page.request.get("/api/me/reservations")).json()) as {
    reservations: { concertId: number }[];
  };
  return `/concerts/${reservations.reservations[0]!.concertId}`;
}

/** The venue the public catalogue gives the concert. */
async function concertVenue(page: Page, name: string): Promise<string> {
  const body = (await (await page.request.get("/api/concerts")).json()) as {
    concerts: { concertName?: string; name?: string; venue: string }[];
  };
  const concert = body.concerts.find((c) => (c.concertName ?? c.name) === name);
  expect(concert, `${name} in /api/concerts`).toBeDefined();
  return concert!.venue;
}

async function readDownload(download: { createReadStream(): Promise<NodeJS.ReadableStream> }): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
