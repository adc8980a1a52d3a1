// One independent app process for the multi-process admission race (test/integration/queue-multi-process.test.ts):
// its own Node process, Prisma client and connection pool, running the real queue code against the shared
// test database. It joins its share of fans, then keeps ticking and polling in the background, and on each
// "burst" line from its parent fires a volley of simultaneous ticks, until it reads "stop".
//
// Input: DATABASE_URL (with its own application_name), QUEUE_RACE_USERS (comma-separated user ids).
// Output on stdout, one JSON line each: {"event":"joined"}, {"event":"burst-done"} per burst, and at the
// end {"event":"done", ticks, polls, admitted: [token ids its own ticks admitted], errors}.
import { GENERAL_ROOM_ID } from "../../lib/queue/room-rules";
import { createInterface } from "node:readline";
import { admitWaitingFans } from "../../lib/queue/admit-waiting-fans";
import { issueQueueToken } from "../../lib/queue/issue-queue-token";
import { readQueueStatus } from "../../lib/queue/read-queue-status";
import { prisma } from "../../lib/db/prisma";

const users = (process.env.QUEUE_RACE_USERS ?? "").split(",").filter(Boolean).map(Number);
const BURST = 16;
let stopping = false;
const deadline = setTimeout(() => (stopping = true), 90_000);

const tokenIds: number[] = [];
const admitted: number[] = [];
const errors: string[] = [];
let ticks = 0;
let polls = 0;
const say = (message: object) => process.stdout.write(JSON.stringify(message) + "\n");
const guard = <T>(p: Promise<T>) => p.catch((e: unknown) => void errors.push(String(e)));

async function tick() {
  const outcome = await admitWaitingFans(GENERAL_ROOM_ID, new Date(), { wait: true, force: true });
  ticks++;
  for (const a of outcome?.admitted ?? []) admitted.push(a.id);
}

async function joinAll() {
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < users.length) {
        const body = await issueQueueToken(users[next++]!, null, new Date());
        tokenIds.push(body.tokenId);
      }
    }),
  );
  say({ event: "joined", count: tokenIds.length });
}

async function tickLoop() {
  while (!stopping) {
    await tick();
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function pollLoop() {
  while (!stopping) {
    const id = tokenIds[Math.floor(Math.random() * tokenIds.length)];
    if (id !== undefined) {
      await readQueueStatus(id, new Date());
      polls++;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

const finished = new Promise<void>((resolve) => {
  createInterface({ input: process.stdin })
    .on("line", (line) => {
      if (line === "burst") {
        void guard(Promise.all(Array.from({ length: BURST }, () => tick()))).then(() => say({ event: "burst-done" }));
      }
      if (line === "stop") stopping = true;
    })
    .on("close", () => {
      stopping = true;
      resolve();
    });
});

await Promise.all([guard(joinAll()), guard(tickLoop()), guard(pollLoop()), finished]);
clearTimeout(deadline);
say({ event: "done", ticks, polls, admitted, errors });
await prisma.$disconnect();
process.exit(0);
