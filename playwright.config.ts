import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";
import { E2E_SERVERS, READY_LINE, serverUrl } from "./e2e/servers";

// Debian's Chromium when installed (offline machines); otherwise Playwright's own browser
// (`npx playwright install chromium` on an ordinary machine).
const debianChromium = "/usr/bin/chromium";
const executablePath = existsSync(debianChromium) ? debianChromium : undefined;
// The web server is ready when the last of the servers e2e/start-server.ts starts answers.
const lastServer = E2E_SERVERS.at(-1);
if (!lastServer) throw new Error("e2e/servers.ts lists no servers");

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  // Generous: CI machines run this suite two to three times slower than a quiet one, three tests at a time.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  // Three: the longest journeys mostly wait (a pre-queue window, a countdown), and a third worker overlaps the waits.
  workers: 3,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
    locale: "en-US",
    timezoneId: "Asia/Seoul",
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  // The two small projects first: queued after "main" they started last and added their minutes at the end.
  projects: [
    { name: "capacity-1", testMatch: /waiting-room\.spec/, use: { baseURL: serverUrl("capacity-1") } },
    { name: "short-hold", testMatch: /hold-lapse\.spec/, use: { baseURL: serverUrl("short-hold") } },
    { name: "main", testIgnore: [/waiting-room\.spec/, /hold-lapse\.spec/], use: { baseURL: serverUrl("main") } },
  ],
  webServer: {
    command: "node --conditions=react-server --import tsx e2e/start-server.ts",
    url: `http://127.0.0.1:${lastServer.port}/api/health`,
    wait: { stdout: new RegExp(READY_LINE) },
    stdout: "pipe",
    timeout: 300_000,
    // E2E_REUSE_SERVER=1 runs the tests against servers already started with e2e/start-server.ts.
    reuseExistingServer: process.env.E2E_REUSE_SERVER === "1",
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
  },
});
