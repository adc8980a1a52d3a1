import { mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, closeSync } from "node:fs";
import path from "node:path";

// One benchmark at a time per work tree: a second run would rebuild .next-bench under the first one's
// server, and on two cores two runs would also measure each other. A lock file holds the owner's pid;
// a lock whose owner is gone is taken over.
function lockPath(root: string): string {
  return path.join(root, "bench", "results", ".run.lock");
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function acquireRunLock(
  root: string,
  log: (line: string) => void,
  timeoutMs: number,
): Promise<() => void> {
  const file = lockPath(root);
  mkdirSync(path.dirname(file), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, "wx");
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, "utf8").trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(file, "utf8").trim());
    } catch {
      continue; // removed in between: try again
    }
    if (!Number.isInteger(owner) || owner <= 0 || !alive(owner)) {
      try {
        unlinkSync(file);
      } catch {
        // Someone else took it over first.
      }
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(`another benchmark (pid ${owner}) is still running after ${timeoutMs / 1000} s`);
    if (!told) log(`waiting for another benchmark run (pid ${owner}) to finish`);
    told = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
