import { readdirSync, readFileSync, existsSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Where the server's CPU went, from a V8 .cpuprofile written by `node --cpu-prof`: self time grouped by
// what the code is (our lib/ and app/, Prisma, pg, Next, React, zod, next-auth/jose, Node core, GC),
// using the build's source maps to tell our code from the libraries bundled with it.
type CallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; hitCount?: number };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

type ProfileSummary = {
  file: string;
  sampledSeconds: number;
  byCategory: { category: string; percent: number }[];
  topFunctions: { name: string; where: string; category: string; percent: number }[];
};

const maps = new Map<string, SourceMap | null>();

function sourceMapFor(file: string): SourceMap | null {
  if (!maps.has(file)) {
    let map: SourceMap | null = null;
    try {
      if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return maps.get(file)!;
}

function original(frame: CallFrame): string {
  if (!frame.url.startsWith("file://")) return frame.url;
  const file = fileURLToPath(frame.url);
  // Library files are named by where they live; only the app's bundles need their source maps.
  if (file.includes("/node_modules/")) return file;
  const map = sourceMapFor(file);
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string } | undefined;
  return entry?.originalSource ? decodeURIComponent(entry.originalSource) : file;
}

function categorize(source: string, functionName: string): string {
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(idle)") return "idle";
  if (functionName === "(program)") return "V8/native (program)";
  if (source.startsWith("wasm://")) return "Prisma query compiler (wasm)";
  if (source === "" || source.startsWith("node:")) return "Node core (http, streams, crypto...)";
  const s = source.replace(/\\/g, "/");
  if (/lib\/db\/generated|@prisma\/client|prisma\/client|query_compiler/.test(s)) return "Prisma client";
  if (/@prisma\/adapter-pg|@prisma\/driver-adapter/.test(s)) return "Prisma pg adapter";
  if (/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-)/.test(s)) return "pg driver";
  if (/node_modules\/(next-auth|jose|@panva|oauth|openid-client)/.test(s)) return "next-auth / jose";
  if (/node_modules\/zod/.test(s)) return "zod";
  if (/node_modules\/(react|react-dom|react-server)|compiled\/react/.test(s)) return "React";
  if (/node_modules\/next\/|\[turbopack\]|\.next-bench\/server\/(chunks\/)?\[?(turbopack|root|externals)/.test(s))
    return "Next.js";
  if (/(^|\/)(lib|app)\//.test(s) && !/node_modules/.test(s)) return "our code (app/, lib/)";
  return "other libraries";
}

/** `skipMs`: leave out the first milliseconds (the server's start-up, before the scenario). */
export function summariseProfile(file: string, root: string, skipMs = 0): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < skipMs * 1000) continue;
    const id = profile.samples[i];
    if (id === undefined) throw new Error(`CPU profile ${file}: sample ${i} is missing`);
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  }
  const categories = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; category: string; us: number }>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const frame = node.callFrame;
    const source = original(frame);
    const category = categorize(source, frame.functionName);
    if (category === "idle") continue;
    busy += us;
    categories.set(category, (categories.get(category) ?? 0) + us);
    const where = source.startsWith("/") ? path.relative(root, source) : source;
    const key = `${frame.functionName}@${where}`;
    const entry = functions.get(key) ?? { name: frame.functionName || "(anonymous)", where, category, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const pct = (us: number) => (busy ? (100 * us) / busy : 0);
  return {
    file: path.relative(root, file),
    sampledSeconds: busy / 1e6,
    byCategory: [...categories]
      .map(([category, us]) => ({ category, percent: pct(us) }))
      .sort((a, b) => b.percent - a.percent),
    topFunctions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, 15)
      .map((f) => ({
        name: f.name,
        where: f.where.replace(/^\.\.\/(\.\.\/)*/, ""),
        category: f.category,
        percent: pct(f.us),
      })),
  };
}

/** The newest .cpuprofile in a directory (node names them by time and pid). */
export function newestProfiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f));
}

export function formatProfile(title: string, s: ProfileSummary): string {
  const lines = [`  CPU profile of the server during ${title} (${s.sampledSeconds.toFixed(1)} s on CPU, ${s.file})`];
  for (const c of s.byCategory.slice(0, 10)) lines.push(`    ${c.percent.toFixed(1).padStart(5)}%  ${c.category}`);
  lines.push("    hottest functions (self time):");
  for (const f of s.topFunctions.slice(0, 10))
    lines.push(`    ${f.percent.toFixed(1).padStart(5)}%  ${f.name}  ${f.where}  [${f.category}]`);
  return lines.join("\n");
}
