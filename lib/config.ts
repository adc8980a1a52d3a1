import "server-only";
import { z } from "zod";
import { parseTrustedProxies } from "./server/client-address";

// Every variable the app reads, validated once. `.env.example` and the README table list the same names.
const optionalInt = (min: number) =>
  z.preprocess((v) => (v === "" || v === undefined ? undefined : v), z.coerce.number().int().min(min).optional());

const onOff = z.preprocess(
  (v) => (v === "" || v === undefined ? undefined : String(v).toLowerCase()),
  z.enum(["on", "off"]).default("on"),
);

const schema = z
  .object({
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
    // An ACTIVE token's hard cap from admission: holds end by then, and a hold never extends a token past it.
    QUEUE_ACTIVE_MAX_SECONDS: optionalInt(1).default(900),
    // Where `npm start` (scripts/serve.ts) listens; unset: every interface.
    HOSTNAME: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(1).optional()),
    // Endpoints 1-3 answered by the lean node:http adapter in front of Next; `off` leaves them to Next (ADR 0015).
    LEAN_QUEUE_ADAPTER: onOff,
    // Worker processes of `npm start` / `npm run serve` (node:cluster); unset: one per core; 1: a single process.
    WEB_CONCURRENCY: optionalInt(1),
    // Limits against abuse (ONSALE.md): the client address, the shared store, the limits themselves.
    RATE_LIMITS: onOff,
    TRUSTED_PROXIES: z.string().default(""),
    REDIS_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
    // The waiting room's store: Redis when REDIS_URL is set, unless QUEUE_STORE=postgres (docs/decisions/0014).
    QUEUE_STORE: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["postgres", "redis"]).optional()),
    REDIS_QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_:.-]{0,64}$/, "letters, digits, _ : . - only")
      .default("q:"),
    RATE_LIMIT_KEY_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_:.-]{0,64}$/, "letters, digits, _ : . - only")
      .default("rl:"),
    RATE_LIMIT_SIGNUPS_PER_HOUR: optionalInt(1).default(30),
    RATE_LIMIT_FAILED_SIGNINS: optionalInt(1).default(10),
    RATE_LIMIT_FAILED_SIGNIN_WINDOW_SECONDS: optionalInt(1).default(900),
    RATE_LIMIT_QUEUE_JOINS_PER_MINUTE: optionalInt(1).default(30),
    RATE_LIMIT_API_KEY_PER_SECOND: optionalInt(1).default(100),
    RATE_LIMIT_API_KEY_BURST: optionalInt(1).default(300),
    // Observability (docs/DEPLOY.md): pino's level for the JSON logs, and the bearer token of /api/metrics
    // (unset: the endpoint answers 404).
    LOG_LEVEL: z.preprocess(
      (v) => (v === "" || v === undefined ? undefined : String(v).toLowerCase()),
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    ),
    METRICS_TOKEN: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16).optional()),
  })
  .refine((c) => c.QUEUE_ACTIVE_MAX_SECONDS >= c.QUEUE_ACTIVE_TTL_SECONDS, {
    path: ["QUEUE_ACTIVE_MAX_SECONDS"],
    message: "must be at least QUEUE_ACTIVE_TTL_SECONDS (the hard cap cannot be shorter than the plain lifetime)",
  })
  .refine((c) => c.RATE_LIMIT_API_KEY_BURST >= c.RATE_LIMIT_API_KEY_PER_SECOND, {
    path: ["RATE_LIMIT_API_KEY_BURST"],
    message: "must be at least RATE_LIMIT_API_KEY_PER_SECOND",
  })
  .refine((c) => parseTrustedProxies(c.TRUSTED_PROXIES) !== null, {
    path: ["TRUSTED_PROXIES"],
    message: "a comma-separated list of IP addresses or CIDR ranges (10.0.0.0/8, ::1)",
  });

type Config = z.infer<typeof schema>;

/** Every variable name the app reads (deploy/deploy.test.ts checks the manifests against it). */
export function configNames(): string[] {
  return Object.keys(schema.shape);
}

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
