import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A redis-server of a test file's own (never the shared one) on a free port, which the test may kill (SIGKILL)
 * and start again. `persist`: an append-only file fsynced on every write, as production would run it, so a
 * restart keeps the data; without it a restart loses everything, as a crash of an unpersisted Redis would.
 */
export class OwnRedis {
  port = 0;
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), "own-redis-"));
  private child: ChildProcess | undefined;

  constructor(private readonly options: { persist: boolean }) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.port ||= await freePort();
    const persistence = this.options.persist
      ? ["--appendonly", "yes", "--appendfsync", "always"]
      : ["--appendonly", "no"];
    this.child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", ...persistence, "--dir", this.dir],
      { stdio: "ignore" },
    );
    const { Redis } = await import("ioredis");
    for (let i = 0; i < 200; i++) {
      const probe = new Redis(this.port, "127.0.0.1", {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on("error", () => {});
      const ok = await probe
        .connect()
        .then(() => probe.ping())
        .then(
          () => true,
          () => false,
        );
      probe.disconnect();
      if (ok) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("redis-server did not start");
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGKILL");
    });
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
