import { randomBytes } from "node:crypto";
import { hashApiKey, newApiKey } from "@/lib/api-keys/api-key-hash";
import { prisma } from "@/lib/db/prisma";

// Rows for integration tests, created through Prisma in the test's own database.
let counter = 0;

export async function createUser(options: { balance?: number; email?: string; role?: "FAN" | "ADMIN" } = {}) {
  const email = options.email ?? `fan${++counter}-${randomBytes(3).toString("hex")}@example.test`;
  return prisma.user.create({
    // A real bcrypt hash is slow; tests that sign in with a password create users through the API.
    data: { email, name: "Test Fan", passwordHash: "x", balance: options.balance ?? 0, role: options.role ?? "FAN" },
  });
}

export async function createConcertWithSeats(
  options: {
    seats?: number;
    price?: number;
    concertAt?: Date;
    reservationAt?: Date;
    schedules?: number;
  } = {},
) {
  const concertAt = options.concertAt ?? new Date(Date.now() + 30 * 24 * 3600 * 1000);
  const reservationAt = options.reservationAt ?? new Date(Date.now() - 24 * 3600 * 1000);
  return prisma.concert.create({
    data: {
      name: "Test Concert",
      artist: "Test Artist",
      venue: "Test Hall",
      schedules: {
        create: Array.from({ length: options.schedules ?? 1 }, (_, s) => ({
          concertAt: new Date(concertAt.getTime() + s * 24 * 3600 * 1000),
          reservationAt,
          seats: {
            create: Array.from({ length: options.seats ?? 50 }, (_, i) => ({
              seatNumber: i + 1,
              price: options.price ?? 10_000,
            })),
          },
        })),
      },
    },
    include: { schedules: { include: { seats: { orderBy: { seatNumber: "asc" } } }, orderBy: { id: "asc" } } },
  });
}

/** An `X-API-Key` header for a new key of `userId` (stored hashed, as the account page does). */
export async function apiKeyHeader(userId: number): Promise<{ "x-api-key": string }> {
  const key = newApiKey();
  await prisma.apiKey.create({ data: { userId, prefix: key.slice(0, 12), keyHash: hashApiKey(key) } });
  return { "x-api-key": key };
}
