import { readFileSync } from "node:fs";
import path from "node:path";

// The route label of the HTTP metrics: the app's own route pattern (`/api/concerts/[concertId]/schedules`), never
// the raw path, so that ids do not make a time series per concert, seat or user. The patterns come from the
// build's app-path-routes-manifest.json (every page and route handler of app/). A path no pattern matches gets
// a fixed label, so a client sending random paths cannot grow the label set either.

export type RouteMatcher = (path: string) => string;

type Compiled = { pattern: string; regex: RegExp; rank: number[] };

/** Framework files: one label for all of them. */
const NEXT_ASSETS = "/_next/*";
export const UNMATCHED = "unmatched";

function compile(pattern: string): Compiled {
  const segments = pattern.split("/").filter(Boolean);
  let source = "";
  // Static segments outrank dynamic ones, which outrank catch-alls, segment by segment (Next's own precedence).
  const rank: number[] = [];
  for (const segment of segments) {
    if (/^\[\[\.\.\..+\]\]$/.test(segment)) {
      source += "(?:/.*)?";
      rank.push(3);
    } else if (/^\[\.\.\..+\]$/.test(segment)) {
      source += "/.+";
      rank.push(2);
    } else if (/^\[.+\]$/.test(segment)) {
      source += "/[^/]+";
      rank.push(1);
    } else {
      source += "/" + segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      rank.push(0);
    }
  }
  return { pattern: pattern || "/", regex: new RegExp(`^${source || "/"}/?$`), rank };
}

function precedence(a: Compiled, b: Compiled): number {
  for (let i = 0; i < Math.max(a.rank.length, b.rank.length); i++) {
    const x = a.rank[i] ?? -1;
    const y = b.rank[i] ?? -1;
    if (x !== y) return x - y;
  }
  return 0;
}

export function routeMatcher(patterns: Iterable<string>): RouteMatcher {
  const compiled = [...new Set(patterns)]
    .filter((p) => !p.startsWith("/_")) // /_not-found, /_global-error: not paths a client requests
    .map(compile)
    .sort(precedence);
  return (rawPath) => {
    if (rawPath.startsWith("/_next/")) return NEXT_ASSETS;
    for (const route of compiled) if (route.regex.test(rawPath)) return route.pattern;
    return UNMATCHED;
  };
}

/** The matcher of a build: `distDir` is the folder `next build` wrote (NEXT_DIST_DIR, `.next` by default). */
export function routeMatcherForBuild(distDir: string): RouteMatcher {
  try {
    const manifest = JSON.parse(readFileSync(path.join(distDir, "app-path-routes-manifest.json"), "utf8")) as Record<
      string,
      string
    >;
    return routeMatcher(Object.values(manifest));
  } catch {
    // No build (tests of the server alone): every path of the API is one label, every page another.
    return (rawPath) => (rawPath.startsWith("/_next/") ? NEXT_ASSETS : UNMATCHED);
  }
}
