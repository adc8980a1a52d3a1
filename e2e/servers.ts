// The app servers of one e2e run: the same production build, each on its own fresh database, with the
// configuration one journey needs. Playwright projects point at them by name.
export type E2eServer = { name: string; port: number; env: Record<string, string> };

// E2E_PORT_BASE moves every server (two checkouts can run their e2e suites side by side).
const base = Number(process.env.E2E_PORT_BASE ?? 3200);

export const E2E_SERVERS: E2eServer[] = [
  { name: "main", port: base, env: {} },
  // Journey 2: one fan at a time, so a second fan has to wait for the first to pay.
  { name: "capacity-1", port: base + 1, env: { QUEUE_ACTIVE_CAPACITY: "1" } },
  // Journey 3: seats held for 5 s, so the checkout countdown runs out within the test.
  { name: "short-hold", port: base + 2, env: { RESERVATION_HOLD_SECONDS: "5" } },
];

export function serverUrl(name: string): string {
  const server = E2E_SERVERS.find((s) => s.name === name);
  if (!server) throw new Error(`no e2e server named ${name}`);
  return `http://127.0.0.1:${server.port}`;
}

export const E2E_DIST_DIR = ".next-e2e";
export const READY_LINE = "e2e servers ready";
