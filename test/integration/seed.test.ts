import { expect, it } from "vitest";
import { prisma } from "@/lib/db/prisma";
import { DEMO_FANS, SEATS_PER_SCHEDULE, seedDemoData } from "@/lib/db/seed";
import { verifyCredentials } from "@/lib/users/verify-credentials";

it("seeds three concerts with open future schedules and two demo fans, and is idempotent", async () => {
  const now = new Date();
  await seedDemoData(prisma, now);
  const again = await seedDemoData(prisma, now);
  expect(again.created).toEqual([]);
  const concerts = await prisma.concert.findMany({
    include: { schedules: { include: { _count: { select: { seats: true } } } } },
  });
  expect(concerts).toHaveLength(3);
  expect(concerts.map((c) => c.name)).toContain("아이유 콘서트");
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
    expect(sum._sum.amount).toBe(fan.balance);
  }
});
