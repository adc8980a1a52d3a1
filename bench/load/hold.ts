import { createClient, retryAfterSeconds } from "./http-client";
import { latencyOf, type HoldJob, type HoldResult, type HoldStep } from "./protocol";

// Scenario 8, fans held: more and more waiting fans, each polling /api/queue/status exactly as its
// Retry-After says, until the p99 of a step passes the limit twice in a row (or the time bound or the
// seeded fans run out); then, while time allows, bisection between the last step that held and the first
// that did not.
//
// Steady load from the first second of a step: a fan who joins the measurement makes its first poll at a
// random moment within the interval the server will give it (predicted by probing a few fans of the new
// batch), then follows the Retry-After of each answer. So the offered load during a step is what W fans
// at the server's pace produce, without a start-up burst and without waiting for one.
const PROBES_PER_STEP = 8;

export async function runHold(job: HoldJob): Promise<HoldResult> {
  const client = createClient(job.base, job.maxSockets);
  const started = performance.now();
  let begun = 0; // fans started so far (indexes below this have a loop)
  let limit = 0; // fans with an index at or above this stop after their current poll
  let finished = false;
  type Window = { samples: number[]; statuses: Record<string, number>; retryAfters: number[]; inFlight: number };
  let window: Window | undefined;
  let inFlight = 0;
  const loops: Promise<void>[] = [];
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const sleep = (ms: number) => Promise.race([new Promise((resolve) => setTimeout(resolve, ms)), stopped]);
  const poll = (index: number) =>
    client.request("GET", "/api/queue/status", { authorization: `Bearer ${job.tokens[index]}` });

  async function fan(index: number, firstDelayMs: number): Promise<void> {
    await sleep(firstDelayMs);
    while (!finished && index < limit) {
      // A poll counts for the step in which it was sent, however long its answer takes.
      const w = window;
      if (w) w.inFlight++;
      inFlight++;
      const reply = await poll(index);
      inFlight--;
      const wait = retryAfterSeconds(reply.headers["retry-after"]) ?? 1;
      if (w) {
        w.inFlight--;
        w.samples.push(reply.ms);
        w.statuses[reply.status] = (w.statuses[reply.status] ?? 0) + 1;
        w.retryAfters.push(wait);
      }
      await sleep(Math.max(wait, 0.05) * 1000);
    }
  }

  /** Retry-After for fans [from, to), by probing a few of them (they are polls like any other). */
  async function predictIntervals(from: number, to: number): Promise<(index: number) => number> {
    const probes: { index: number; seconds: number }[] = [];
    for (let k = 0; k < PROBES_PER_STEP; k++) {
      const index = Math.min(to - 1, from + Math.floor(((to - from) * k) / Math.max(1, PROBES_PER_STEP - 1)));
      const reply = await poll(index);
      if (reply.status !== 200) throw new Error(`status answered ${reply.status}: ${reply.body.slice(0, 200)}`);
      probes.push({ index, seconds: retryAfterSeconds(reply.headers["retry-after"]) ?? 1 });
    }
    const lastProbe = probes.at(-1);
    if (!lastProbe) throw new Error("no Retry-After probes were taken");
    return (index) => (probes.find((p) => p.index >= index) ?? lastProbe).seconds;
  }

  async function measureAt(target: number): Promise<HoldStep> {
    if (target < limit) {
      // Fewer fans: the ones above the target leave; let the backlog of the overloaded step drain first.
      limit = target;
      for (let waited = 0; inFlight > 0 && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    } else if (target > begun) {
      const interval = await predictIntervals(begun, target);
      limit = target;
      for (; begun < target; begun++) loops.push(fan(begun, Math.random() * interval(begun) * 1000));
    } else {
      limit = target;
    }
    const w: Window = { samples: [], statuses: {}, retryAfters: [], inFlight: 0 };
    window = w;
    const cpu = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, job.stepSeconds * 1000));
    const used = process.cpuUsage(cpu);
    window = undefined;
    for (let waited = 0; w.inFlight > 0 && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    const latency = latencyOf(w.samples);
    const errors = Object.entries(w.statuses)
      .filter(([s]) => s !== "200")
      .reduce((a, [, n]) => a + n, 0);
    const ra = w.retryAfters.sort((a, b) => a - b);
    return {
      fans: target,
      polls: w.samples.length,
      rps: w.samples.length / job.stepSeconds,
      latency,
      statuses: w.statuses,
      retryAfterMedian: ra[Math.floor(ra.length / 2)] ?? 0,
      ok: w.samples.length > 0 && latency.p99 <= job.p99LimitMs && errors <= w.samples.length * 0.01,
      generatorCpuSeconds: (used.user + used.system) / 1e6,
    };
  }

  const timeLeft = () => job.limitSeconds * 1000 - (performance.now() - started);
  const steps: HoldStep[] = [];
  let stoppedBecause = "all steps passed";
  let held = 0;
  let failedAt: number | undefined;
  for (const target of job.steps) {
    if (target > job.tokens.length) {
      stoppedBecause = `only ${job.tokens.length} fans were seeded`;
      break;
    }
    if (steps.length && timeLeft() < job.stepSeconds * 1000) {
      stoppedBecause = `time bound (${job.limitSeconds} s)`;
      break;
    }
    let step = await measureAt(target);
    steps.push(step);
    if (!step.ok && timeLeft() > job.stepSeconds * 1000) {
      // One bad step can be a hiccup of a shared machine (a checkpoint, another process): look again.
      step = await measureAt(target);
      steps.push(step);
    }
    if (!step.ok) {
      failedAt = target;
      stoppedBecause = describeFailure(step, job.p99LimitMs);
      break;
    }
    held = target;
  }
  // Narrow the gap between the last step that held and the first that did not.
  while (
    failedAt !== undefined &&
    timeLeft() > job.stepSeconds * 1000 * 1.5 &&
    failedAt - held > Math.max(100, held * 0.15)
  ) {
    const mid = Math.round((held + failedAt) / 2 / 50) * 50;
    const step = await measureAt(mid);
    steps.push(step);
    if (step.ok) held = mid;
    else {
      failedAt = mid;
      stoppedBecause = describeFailure(step, job.p99LimitMs);
    }
  }
  finished = true;
  stop();
  await Promise.all(loops);
  client.agent.destroy();
  return { steps, held, stoppedBecause };
}

function describeFailure(step: HoldStep, limitMs: number): string {
  const errors = Object.entries(step.statuses)
    .filter(([s]) => s !== "200")
    .reduce((a, [, n]) => a + n, 0);
  return errors > step.polls * 0.01
    ? `errors at ${step.fans} fans`
    : `p99 ${step.latency.p99.toFixed(0)} ms > ${limitMs} ms at ${step.fans} fans`;
}
