import { readdirSync, readFileSync } from "node:fs";

// Server cost as the kernel sees it: resident memory and CPU time of a process and all its descendants
// (next start may spawn workers; a cluster certainly does).
const CLOCK_TICKS_PER_SECOND = 100;

type Stat = { pid: number; ppid: number; cpuTicks: number };

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  const tree: number[] = [];
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    tree.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return tree;
}

type TreeUsage = { rssMb: number; cpuSeconds: number; processes: number };

function treeUsage(rootPids: number[]): TreeUsage {
  let rss = 0;
  let ticks = 0;
  let processes = 0;
  for (const root of rootPids) {
    for (const pid of processTree(root)) {
      const stat = readStat(pid);
      if (!stat) continue;
      processes++;
      ticks += stat.cpuTicks;
      rss += rssKb(pid);
    }
  }
  return { rssMb: rss / 1024, cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND, processes };
}

/** Samples a process tree while a measurement runs: peak RSS and CPU seconds spent. */
export function startUsageSampler(rootPids: () => number[], intervalMs = 250) {
  const first = treeUsage(rootPids());
  let peakRss = first.rssMb;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, treeUsage(rootPids()).rssMb);
  }, intervalMs);
  timer.unref();
  return {
    stop(): { peakRssMb: number; endRssMb: number; cpuSeconds: number } {
      clearInterval(timer);
      const last = treeUsage(rootPids());
      return {
        peakRssMb: Math.max(peakRss, last.rssMb),
        endRssMb: last.rssMb,
        cpuSeconds: last.cpuSeconds - first.cpuSeconds,
      };
    },
  };
}

/**
 * CPU time of the PostgreSQL backends serving one database (they name it in their process title, e.g.
 * "postgres: postgres bench_x 127.0.0.1(5000) idle"), by pid, so a run can tell how much the database
 * itself worked. Same machine only; other processes' backends are not counted.
 */
export function backendCpu(database: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let title: string;
    try {
      title = readFileSync(`/proc/${name}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (!title.startsWith("postgres:") || !title.includes(` ${database} `)) continue;
    // schedstat has nanoseconds on CPU; stat's ticks (10 ms) are too coarse for a few hundred queries.
    try {
      out.set(Number(name), Number(readFileSync(`/proc/${name}/schedstat`, "utf8").split(" ")[0]) / 1e9);
    } catch {
      const stat = readStat(Number(name));
      if (stat) out.set(stat.pid, stat.cpuTicks / CLOCK_TICKS_PER_SECOND);
    }
  }
  return out;
}

/** Seconds of backend CPU between two snapshots (backends that started in between count from zero). */
export function backendCpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}
