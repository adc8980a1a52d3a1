import autocannon from "autocannon";

// What conditional requests save on the seat map (endpoint 5), the page's only polled call: the same GET with
// and without If-None-Match against a running server, for a fixed time each, alternating.
//
//   npx tsx bench/seat-map-conditional.ts http://127.0.0.1:3500 [seconds=10] [connections=16] [rounds=2]
//
// It signs up one fan through the API, joins the queue and waits to be admitted (the server's capacity must let
// one fan in), then reads concert 1's first schedule.

const [base = "http://127.0.0.1:3500", secondsArg = "10", connectionsArg = "16", roundsArg = "2"] =
  process.argv.slice(2);
const seconds = Number(secondsArg);
const connections = Number(connectionsArg);
const rounds = Number(roundsArg);

async function json<T>(path: string, init: RequestInit = {}): Promise<{ body: T; headers: Headers }> {
  const response = await fetch(`${base}${path}`, init);
  return { body: (await response.json()) as T, headers: response.headers };
}

async function admittedFan(): Promise<string> {
  const email = `etag-${Date.now().toString(36)}@example.com`;
  const password = "correct-horse-battery";
  const created = await json<{ userId: number }>("/api/users", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, name: "ETag" }),
  });
  // A personal API key would need a session; the session cookie itself is simplest: next-auth's credentials flow.
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.includes("session-token"));
  const token = await json<{ token: string }>(`/api/queue/token/users/${created.body.userId}`, {
    method: "POST",
    headers: { cookie: session! },
  });
  for (let i = 0; i < 60; i++) {
    const status = await json<{ status: string }>("/api/queue/status", {
      headers: { authorization: `Bearer ${token.body.token}` },
    });
    if (status.body.status === "ACTIVE") return token.body.token;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the fan was not admitted within 30 s");
}

async function main() {
  const token = await admittedFan();
  const auth = { authorization: `Bearer ${token}` };
  const schedules = await json<{ schedules: { scheduleId: number }[] }>("/api/concerts/1/schedules", {
    headers: auth,
  });
  const path = `/api/concerts/1/schedules/${schedules.body.schedules[0]!.scheduleId}/seats`;
  const sample = await fetch(`${base}${path}`, { headers: auth });
  const etag = sample.headers.get("etag");
  const bodyBytes = (await sample.arrayBuffer()).byteLength;
  const results: Record<string, { rps: number[]; bytesPerRequest: number[]; statuses: string[] }> = {};
  for (let round = 0; round < rounds; round++) {
    // The tag of the map as it is now (a hold lapsing by time changes it, as it should).
    const current = (await fetch(`${base}${path}`, { headers: auth })).headers.get("etag") ?? "";
    for (const [label, headers] of [
      ["plain GET (200)", auth],
      ["If-None-Match (304)", { ...auth, "if-none-match": current }],
    ] as const) {
      const result = await autocannon({ url: `${base}${path}`, connections, duration: seconds, headers });
      const entry = (results[label] ??= { rps: [], bytesPerRequest: [], statuses: [] });
      entry.rps.push(result.requests.average);
      entry.bytesPerRequest.push(result.throughput.average / result.requests.average);
      entry.statuses.push(Object.keys(result.statusCodeStats).join("/"));
    }
  }
  console.log(`seat map: ${path}, body ${bodyBytes} bytes, ETag ${etag}`);
  console.log(`${connections} connections, ${seconds} s per run, ${rounds} rounds alternating\n`);
  console.log("| request | req/s (runs) | bytes received per request | statuses |");
  console.log("|---|---:|---:|---|");
  for (const [label, r] of Object.entries(results)) {
    console.log(
      `| ${label} | ${r.rps.map((x) => Math.round(x)).join(", ")} | ${Math.round(r.bytesPerRequest.reduce((a, b) => a + b) / r.bytesPerRequest.length)} | ${[...new Set(r.statuses)].join(", ")} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
