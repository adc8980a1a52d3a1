import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type {
  CannonJob,
  CannonResult,
  DropJob,
  DropResult,
  HoldJob,
  HoldResult,
  Job,
  ResultMessage,
} from "../load/protocol";

// The orchestrator's handle on the load-generator child process (bench/load/worker.ts).
export class LoadGenerator {
  private child: ChildProcess;
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(root: string) {
    this.child = fork(path.join(root, "bench", "load", "worker.ts"), [], {
      cwd: root,
      execArgv: ["--conditions=react-server", "--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child.on("message", (message: ResultMessage) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`load generator: ${message.error}`));
      else waiter.resolve(message.result);
    });
    this.child.on("exit", (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`load generator exited (${code})`));
      this.pending.clear();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private send(job: Job): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null || !this.child.connected) {
        reject(new Error("load generator is not running"));
        return;
      }
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, job }, (error) => {
        if (!error) return;
        this.pending.delete(id);
        reject(error);
      });
    });
  }

  cannon(job: Omit<CannonJob, "kind">): Promise<CannonResult> {
    return this.send({ kind: "cannon", ...job }) as Promise<CannonResult>;
  }

  drop(job: Omit<DropJob, "kind">): Promise<DropResult> {
    return this.send({ kind: "drop", ...job }) as Promise<DropResult>;
  }

  hold(job: Omit<HoldJob, "kind">): Promise<HoldResult> {
    return this.send({ kind: "hold", ...job }) as Promise<HoldResult>;
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill("SIGKILL");
  }
}
