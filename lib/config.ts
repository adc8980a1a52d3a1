import "server-only";
import { z } from "zod";

// Every variable the app reads, validated once. `.env.example` and the README table list the same names.
const optionalInt = (min: number) =>
  z.preprocess((v) => (v === "" || v === undefined ? undefined : v), z.coerce.number().int().min(min).optional());

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: optionalInt(1).default(10),
  AUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  EMBEDDED_PG_PORT: optionalInt(1).default(54329),
  EMBEDDED_PG_DIR: z.string().default(".data/postgres"),
  PORT: optionalInt(1).default(3000),
  QUEUE_ACTIVE_CAPACITY: optionalInt(1).default(100),
  QUEUE_ADMIT_PER_SECOND: optionalInt(1),
  QUEUE_ACTIVE_TTL_SECONDS: optionalInt(1).default(300),
  QUEUE_IDLE_TIMEOUT_SECONDS: optionalInt(1).default(300),
  RESERVATION_HOLD_SECONDS: optionalInt(1).default(300),
  MAX_HOLDS_PER_USER: optionalInt(1).default(4),
  /** A confirmed ticket can be cancelled (and refunded) until this many hours before the show. */
  REFUND_CUTOFF_HOURS: optionalInt(0).default(24),
  /** Comma-separated, case-insensitive: these accounts are admins from sign-up or their next sign-in on. */
  ADMIN_EMAILS: z.string().default(""),
});

type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
      throw new Error(`Invalid configuration:\n${lines}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** Whether `email` is named in ADMIN_EMAILS. */
export function isAdminEmail(email: string): boolean {
  const wanted = email.trim().toLowerCase();
  return config()
    .ADMIN_EMAILS.split(",")
    .some((entry) => entry.trim().toLowerCase() === wanted && wanted !== "");
}

/** Tests change the environment between cases; they call this to re-read it. */
export function resetConfigForTests(): void {
  cached = undefined;
}

const DEV_SECRET = "dev-only-secret-not-for-production-use";

/** next-auth and the queue-token HMAC share this root secret; production refuses to run without one. */
export function authSecret(): string {
  const { AUTH_SECRET, NODE_ENV } = config();
  if (AUTH_SECRET) return AUTH_SECRET;
  if (NODE_ENV === "production" && process.env.NEXT_PHASE !== "phase-production-build") {
    throw new Error("AUTH_SECRET must be set in production (npm start generates one under .data/)");
  }
  return DEV_SECRET;
}
