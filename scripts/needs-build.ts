import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * True when `distDir` holds no production build, or when a source or config file is newer than it.
 * Shared by `npm start` and the benchmark, which build into different folders.
 */
export function needsBuild(root: string, distDir: string): boolean {
  const buildId = path.join(root, distDir, "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  const newer = (dir: string): boolean => {
    if (!existsSync(dir)) return false;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated" && newer(full)) return true;
      } else if (!entry.name.endsWith(".test.ts") && statSync(full).mtimeMs > builtAt) {
        return true;
      }
    }
    return false;
  };
  return (
    ["app", "components", "lib", "public"].some((d) => newer(path.join(root, d))) ||
    ["package.json", "next.config.mjs", "lib/db/generated/client.ts"].some((f) => {
      const file = path.join(root, f);
      return existsSync(file) && statSync(file).mtimeMs > builtAt;
    })
  );
}
