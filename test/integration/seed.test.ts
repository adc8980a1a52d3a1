import { existsSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { DEMO_FANS, SEATS_PER_SCHEDULE, seedDemoData } from "@/lib/db/seed";
import { verifyCredentials } from "@/lib/users/verify-credentials";

it("seeds four concerts (one with a pre-queue room) with open future schedules, demo fans and an admin, idempotently", async () => {
  const now = new Date();
  await seedDemoData(prisma, now);
  const again = await seedDemoData(prisma, now);
  expect(again.created).toEqual([]);
  const concerts = await prisma.concert.findMany({
    include: { schedules: { include: { _count: { select: { seats: true } } } }, room: true },
  });
  expect(concerts).toHaveLength(4);
  expect(concerts.map((c) => c.name)).toContain("아이유 콘서트");
  // Concerts 1-3 stay in the general room; the fourth's pre-queue opens a few minutes after seeding.
  const rooms = concerts.filter((c) => c.room !== null);
  expect(rooms).toHaveLength(1);
  const room = rooms[0]!.room!;
  expect(room.prequeueOpensAt!.getTime()).toBeGreaterThan(now.getTime());
  expect(room.prequeueOpensAt!.getTime() - now.getTime()).toBeLessThanOrEqual(10 * 60_000);
  expect(room.salesStartAt!.getTime()).toBeGreaterThan(room.prequeueOpensAt!.getTime());
  expect(room.drawCommitment).toMatch(/^[0-9a-f]{64}$/);
  for (const concert of concerts) {
    expect(concert.schedules.length).toBeGreaterThanOrEqual(2);
    for (const s of concert.schedules) {
      expect(s.concertAt.getTime()).toBeGreaterThan(now.getTime());
      expect(s.reservationAt.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(s._count.seats).toBe(SEATS_PER_SCHEDULE);
    }
  }
  for (const fan of DEMO_FANS) {
    const user = await verifyCredentials({ email: fan.email, password: fan.password });
    expect(user).not.toBeNull();
    const row = await prisma.user.findUniqueOrThrow({ where: { email: fan.email } });
    expect(row.balance).toBe(fan.balance);
    const sum = await prisma.ledgerEntry.aggregate({ where: { userId: row.id }, _sum: { amount: true } });
    expect(sum._sum.amount ?? 0).toBe(fan.balance);
    expect(row.role).toBe(fan.role);
  }
});

it("gives every demo concert a poster, running time, age rating and seat grades; every demo fan can buy a seat", async () => {
  await seedDemoData(prisma);
  const concerts = await prisma.concert.findMany({
    include: { schedules: { include: { seats: { include: { section: true } } } } },
  });
  for (const concert of concerts) {
    expect(concert.posterPath).toMatch(/^\/posters\/[a-z0-9-]+\.svg$/);
    expect(existsSync(path.join(process.cwd(), "public", concert.posterPath!))).toBe(true);
    expect(concert.runningTimeMinutes).toBeGreaterThan(0);
    expect(concert.ageRating).not.toBeNull();
    for (const seat of concert.schedules.flatMap((s) => s.seats)) expect(seat.section?.name).toMatch(/^(VIP|R|S)$/);
  }
  const cheapest = await prisma.seat.aggregate({ _min: { price: true } });
  for (const fan of DEMO_FANS.filter((f) => f.role === "FAN")) {
    expect(fan.balance).toBeGreaterThanOrEqual(cheapest._min.price!);
  }
});

it("fills the details into demo concerts seeded before they existed, and leaves an organizer's values alone", async () => {
  await seedDemoData(prisma);
  const [first, second] = await prisma.concert.findMany({ orderBy: { id: "asc" }, take: 2 });
  await prisma.concert.update({
    where: { id: first!.id },
    data: { runningTimeMinutes: null, ageRating: null, posterPath: null },
  });
  await prisma.concert.update({ where: { id: second!.id }, data: { runningTimeMinutes: 95 } });
  const again = await seedDemoData(prisma);
  expect(again.created).toEqual([`details of ${first!.name}`]);
  const filled = await prisma.concert.findUniqueOrThrow({ where: { id: first!.id } });
  expect(filled.posterPath).not.toBeNull();
  expect((await prisma.concert.findUniqueOrThrow({ where: { id: second!.id } })).runningTimeMinutes).toBe(95);
});
