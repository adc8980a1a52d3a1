import type { PrismaClient } from "./generated/client";
import { hashPassword } from "../auth/password";

// Demo data for `npm run db:seed` and a fresh `npm start`. Idempotent: concerts are matched by name,
// fans by email, so running it again adds nothing.
export const DEMO_FANS = [
  { email: "fan1@example.com", password: "password123", name: "김지은", balance: 200_000 },
  // Enough for the cheapest seat (S, ₩99,000) but not a VIP one: the short-balance path is one click away.
  { email: "fan2@example.com", password: "password123", name: "Alex Park", balance: 100_000 },
] as const;

// Posters are demo artwork shipped in public/posters; running time and age rating as Korean listings give them
// (age rating = minimum age in full years, 0 = all ages).
const CONCERTS = [
  {
    name: "아이유 콘서트",
    artist: "IU",
    venue: "서울 올림픽주경기장",
    description: "The Golden Hour, live in Seoul.",
    runningTimeMinutes: 150,
    ageRating: 7,
    posterPath: "/posters/iu.svg",
  },
  {
    name: "BTS World Tour",
    artist: "BTS",
    venue: "부산 아시아드 주경기장",
    description: "Seven voices, one stadium.",
    runningTimeMinutes: 180,
    ageRating: 0,
    posterPath: "/posters/bts.svg",
  },
  {
    name: "NewJeans Fan Meeting",
    artist: "NewJeans",
    venue: "인천 인스파이어 아레나",
    description: "An afternoon with Bunnies.",
    runningTimeMinutes: 120,
    ageRating: 0,
    posterPath: "/posters/newjeans.svg",
  },
];

const DAY = 24 * 60 * 60 * 1000;
export const SEATS_PER_SCHEDULE = 50;

/** Seats 1-10 are VIP, 11-30 R, 31-50 S. */
export function seatPrice(seatNumber: number): number {
  if (seatNumber <= 10) return 165_000;
  if (seatNumber <= 30) return 132_000;
  return 99_000;
}

export function seatGrade(seatNumber: number): string {
  return seatNumber <= 10 ? "VIP" : seatNumber <= 30 ? "R" : "S";
}

export async function seedDemoData(prisma: PrismaClient, now = new Date()): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const [index, concert] of CONCERTS.entries()) {
    const existing = await prisma.concert.findFirst({ where: { name: concert.name }, select: { id: true } });
    if (existing) {
      // A database seeded before these details existed gets them, once; an organizer's own values stay.
      const { runningTimeMinutes, ageRating, posterPath } = concert;
      const filled = await prisma.concert.updateMany({
        where: { id: existing.id, runningTimeMinutes: null, ageRating: null, posterPath: null },
        data: { runningTimeMinutes, ageRating, posterPath },
      });
      await prisma.seat.updateMany({
        where: { schedule: { concertId: existing.id }, grade: null, seatNumber: { lte: 10 } },
        data: { grade: "VIP" },
      });
      await prisma.seat.updateMany({
        where: { schedule: { concertId: existing.id }, grade: null, seatNumber: { gt: 10, lte: 30 } },
        data: { grade: "R" },
      });
      await prisma.seat.updateMany({
        where: { schedule: { concertId: existing.id }, grade: null, seatNumber: { gt: 30 } },
        data: { grade: "S" },
      });
      if (filled.count) created.push(`details of ${concert.name}`);
      continue;
    }
    // Two future schedules per concert, booking open since yesterday.
    const first = new Date(Math.ceil((now.getTime() + (14 + index * 7) * DAY) / DAY) * DAY + 10 * 60 * 60 * 1000);
    await prisma.concert.create({
      data: {
        ...concert,
        schedules: {
          create: [0, 1].map((offset) => ({
            concertAt: new Date(first.getTime() + offset * DAY),
            reservationAt: new Date(now.getTime() - DAY),
            seats: {
              create: Array.from({ length: SEATS_PER_SCHEDULE }, (_, i) => ({
                seatNumber: i + 1,
                price: seatPrice(i + 1),
                grade: seatGrade(i + 1),
              })),
            },
          })),
        },
      },
    });
    created.push(`concert ${concert.name}`);
  }
  for (const fan of DEMO_FANS) {
    if (await prisma.user.findUnique({ where: { email: fan.email }, select: { id: true } })) continue;
    const passwordHash = await hashPassword(fan.password);
    // The opening balance is a ledger CHARGE too, so balance = SUM(ledger) holds from the start.
    await prisma.user.create({
      data: {
        email: fan.email,
        name: fan.name,
        passwordHash,
        balance: fan.balance,
        ledger: { create: { kind: "CHARGE", amount: fan.balance, balanceAfter: fan.balance } },
      },
    });
    created.push(`fan ${fan.email}`);
  }
  return { created };
}
