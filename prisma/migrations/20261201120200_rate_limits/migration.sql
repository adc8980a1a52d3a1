-- Counters of the limits against abuse, shared by every app instance when REDIS_URL is unset
-- (lib/rate-limit/rate-limiter-store.ts). The layout is rate-limiter-flexible's RateLimiterPostgres: key = the
-- limit's prefix and subject, points used in the current window, expire = the window's end in milliseconds since
-- the epoch. The library deletes rows expired over an hour ago every five minutes. Created here rather than by
-- the library at run time, so the app never runs DDL.
-- CreateTable
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);
