import { randomBytes } from "node:crypto";
import type { PrismaClient } from "./generated/client";
import { hashPassword } from "../auth/password";
import { insertSchedule, type SectionInput } from "../catalogue/insert-schedule";
import { drawCommitment } from "../queue/draw-formula";

// Demo data for `npm run db:seed` and a fresh `npm start`. Idempotent: concerts are matched by name,
// fans by email, so running it again adds nothing.
export const DEMO_FANS = [
  { email: "fan1@example.com", password: "password123", name: "김지은", balance: 200_000, role: "FAN" },
  // Enough for the cheapest seat (S, ₩99,000) but not a VIP one: the short-balance path is one click away.
  { email: "fan2@example.com", password: "password123", name: "Alex Park", balance: 100_000, role: "FAN" },
  { email: "admin@example.com", password: "password123", name: "운영자", balance: 0, role: "ADMIN" },
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

/** Sells through a dedicated room whose pre-queue opens a few minutes after seeding (ONSALE.md, "Rooms"). */
const ROOM_CONCERT = {
  name: "SEVENTEEN 콘서트",
  artist: "SEVENTEEN",
  venue: "서울 고척스카이돔",
  description: "A pre-queue sale: everyone who arrives before the start is drawn at random.",
  runningTimeMinutes: 160,
  ageRating: 0,
  posterPath: "/posters/seventeen.svg",
};
const PREQUEUE_OPENS_IN = 3 * 60 * 1000;
const SALES_START_IN = 8 * 60 * 1000;

const DAY = 24 * 60 * 60 * 1000;
export const SEATS_PER_SCHEDULE = 50;

/** Seats 1-10 are VIP, 11-30 R, 31-50 S. */
const SECTIONS: SectionInput[] = [
  { name: "VIP", price: 165_000, seats: 10 },
  { name: "R", price: 132_000, seats: 20 },
  { name: "S", price: 99_000, seats: 20 },
];

export async function seedDemoData(prisma: PrismaClient, now = new Date()): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const [index, concert] of [...CONCERTS, ROOM_CONCERT].entries()) {
    const existing = await prisma.concert.findFirst({ where: { name: concert.name }, select: { id: true } });
    if (existing) {
      // A database seeded before these details existed gets them, once; an organizer's own values stay.
      const { runningTimeMinutes, ageRating, posterPath } = concert;
      const filled = await prisma.concert.updateMany({
        where: { id: existing.id, runningTimeMinutes: null, ageRating: null, posterPath: null },
        data: { runningTimeMinutes, ageRating, posterPath },
      });
      if (filled.count) created.push(`details of ${concert.name}`);
      continue;
    }
    // Two future schedules per concert, booking open since yesterday.
    const first = new Date(Math.ceil((now.getTime() + (14 + index * 7) * DAY) / DAY) * DAY + 10 * 60 * 60 * 1000);
    await prisma.$transaction(async (tx) => {
      const { id } = await tx.concert.create({ data: concert, select: { id: true } });
      for (const offset of [0, 1]) {
        const concertAt = new Date(first.getTime() + offset * DAY);
        await insertSchedule(tx, id, { concertAt, reservationAt: new Date(now.getTime() - DAY), sections: SECTIONS });
      }
      if (concert === ROOM_CONCERT) {
        const seed = randomBytes(32);
        await tx.queueRoom.create({
          data: {
            concertId: id,
            prequeueOpensAt: new Date(now.getTime() + PREQUEUE_OPENS_IN),
            salesStartAt: new Date(now.getTime() + SALES_START_IN),
            activeCapacity: 20,
            maxTicketsPerFan: 2,
            drawSeed: seed,
            drawCommitment: drawCommitment(seed),
          },
        });
      }
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
        role: fan.role,
        balance: fan.balance,
        ...(fan.balance > 0 && {
          ledger: { create: { kind: "CHARGE", amount: fan.balance, balanceAfter: fan.balance } },
        }),
      },
    });
    created.push(`fan ${fan.email}`);
  }
  return { created };
}
