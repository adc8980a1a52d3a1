import { existsSync } from "node:fs";
import { chromium, type BrowserContext } from "@playwright/test";

// Page timings as a fan's browser sees them: first contentful paint (FCP) and "content visible" (the moment the
// page's own content, not a spinner, is on screen) for each page of the purchase journey, against one or more
// running production servers, so two builds can be compared under the same machine load (runs interleave).
//
//   npx tsx bench/page-timings.ts --runs=7 before=http://127.0.0.1:3520 after=http://127.0.0.1:3500
//
// Each server needs the demo data (concert 1 with free seats); a fresh fan is made on each through its API.
// The selectors name each page's content in both the old and the new markup.

type Target = { label: string; base: string };
type PageSpec = { name: string; path: (ids: Ids) => string; content: string };
type Ids = { reservationId: number; paidReservationId: number };

const PAGES: PageSpec[] = [
  { name: "home", path: () => "/", content: 'main a[href^="/concerts/"]' },
  { name: "concert", path: () => "/concerts/1", content: '[data-testid="concert-dates"] li, main dl dd time' },
  {
    name: "seat map",
    path: () => "/concerts/1/seats",
    content: 'main [role="group"] button[aria-label*="₩"], main [role="group"] button[aria-label*="원"]',
  },
  { name: "checkout", path: (ids) => `/checkout/${ids.reservationId}`, content: '[data-testid="hold-countdown"]' },
  { name: "confirmation", path: (ids) => `/checkout/${ids.paidReservationId}/confirmed`, content: "main h1" },
  { name: "tickets", path: () => "/tickets", content: "main ul li h2" },
  { name: "wallet", path: () => "/wallet", content: '[data-testid="wallet-balance"]' },
  {
    name: "account",
    path: () => "/account",
    content:
      '[data-testid="no-api-keys"], [data-testid="api-key-list"], main section:nth-of-type(2) > p.mt-3, main section:nth-of-type(2) > ul',
  },
];

const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith("--runs="))?.slice(7) ?? 5);
const targets: Target[] = args
  .filter((a) => !a.startsWith("--"))
  .map((a) => {
    const [label, base] = a.split("=") as [string, string];
    return { label, base };
  });
if (!targets.length) throw new Error("give one or more label=http://host:port");

async function prepare(context: BrowserContext, base: string): Promise<Ids> {
  const request = context.request;
  const email = `timing-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const password = "correct-horse-battery";
  const created = await request.post(`${base}/api/users`, { data: { email, password, name: "Timing Fan" } });
  const { userId } = (await created.json()) as { userId: number };
  const { csrfToken } = (await (await request.get(`${base}/api/auth/csrf`)).json()) as { csrfToken: string };
  await request.post(`${base}/api/auth/callback/credentials`, { form: { csrfToken, email, password, json: "true" } });
  await request.post(`${base}/api/balance/users/${userId}/charge`, { data: { amount: 1_000_000 } });
  const joined = (await (await request.post(`${base}/api/queue/token/users/${userId}`)).json()) as { token: string };
  const bearer = { authorization: `Bearer ${joined.token}` };
  for (let i = 0; i < 60; i++) {
    const status = (await (await request.get(`${base}/api/queue/status`, { headers: bearer })).json()) as {
      status: string;
    };
    if (status.status === "ACTIVE") break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const schedules = (await (await request.get(`${base}/api/concerts/1/schedules`, { headers: bearer })).json()) as {
    schedules: { scheduleId: number }[];
  };
  const scheduleId = schedules.schedules[0]!.scheduleId;
  const seats = (await (
    await request.get(`${base}/api/concerts/1/schedules/${scheduleId}/seats`, { headers: bearer })
  ).json()) as { seats: { seatId: number; seatStatus: string }[] };
  const free = seats.seats.filter((s) => s.seatStatus === "AVAILABLE").slice(-2);
  const hold = async (seatId: number) =>
    (
      (await (
        await request.post(`${base}/api/concerts/reservations`, {
          headers: bearer,
          data: { userId, concertId: 1, scheduleId, seatId },
        })
      ).json()) as { reservationId: number }
    ).reservationId;
  const paidReservationId = await hold(free[0]!.seatId);
  const reservationId = await hold(free[1]!.seatId);
  await request.post(`${base}/api/payment/concerts/users/${userId}`, {
    headers: bearer,
    data: { reservationId: paidReservationId },
  });
  return { reservationId, paidReservationId };
}

async function measure(context: BrowserContext, url: string, content: string) {
  const page = await context.newPage();
  // A string, not a function: tsx would wrap a function with helpers that do not exist in the page.
  await page.addInitScript(`(() => {
    const selector = ${JSON.stringify(content)};
    const check = () => {
      if (window.__contentAt === undefined && document.querySelector(selector)) window.__contentAt = performance.now();
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
    document.addEventListener("DOMContentLoaded", check);
  })();`);
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => (window as unknown as { __contentAt?: number }).__contentAt !== undefined, null, {
    polling: 100,
    timeout: 20_000,
  });
  await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null, {
    polling: 100,
    timeout: 20_000,
  });
  const result = await page.evaluate(() => {
    const fcp = performance.getEntriesByName("first-contentful-paint")[0]!.startTime;
    const at = (window as unknown as { __contentAt: number }).__contentAt;
    // Content in the DOM before the first paint is visible at that paint.
    return { fcp, content: Math.max(at, fcp) };
  });
  await page.close();
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const executablePath = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  const contexts = new Map<string, { context: BrowserContext; ids: Ids }>();
  for (const target of targets) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "ko-KR" });
    contexts.set(target.label, { context, ids: await prepare(context, target.base) });
  }
  const samples = new Map<string, { fcp: number[]; content: number[] }>();
  for (let run = 0; run <= runs; run++) {
    for (const spec of PAGES) {
      for (const target of targets) {
        const { context, ids } = contexts.get(target.label)!;
        const url = `${target.base}${spec.path(ids)}`;
        const result = await measure(context, url, spec.content).catch((error: Error) => {
          throw new Error(`${target.label} ${spec.name} (${url}): ${error.message}`);
        });
        if (run === 0) continue; // the first round warms each route (compilation caches, connections)
        const key = `${target.label}\t${spec.name}`;
        const entry = samples.get(key) ?? { fcp: [], content: [] };
        entry.fcp.push(result.fcp);
        entry.content.push(result.content);
        samples.set(key, entry);
      }
    }
  }
  await browser.close();
  console.log(`medians of ${runs} loads per page (ms)\n`);
  console.log(`| page | ${targets.map((t) => `${t.label} FCP | ${t.label} content visible`).join(" | ")} |`);
  console.log(`|---|${targets.map(() => "---:|---:").join("|")}|`);
  for (const spec of PAGES) {
    const cells = targets.map((t) => {
      const s = samples.get(`${t.label}\t${spec.name}`)!;
      return `${Math.round(median(s.fcp))} | ${Math.round(median(s.content))}`;
    });
    console.log(`| ${spec.name} | ${cells.join(" | ")} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
