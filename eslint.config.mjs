import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

// Code that runs in the browser must never reach the database or server secrets; the `server-only`
// import in those modules fails the build, and this rule says why at lint time.
const serverModules = [
  "@/lib/db/*",
  "@/lib/auth/*",
  "@/lib/booking/*",
  "@/lib/catalogue/*",
  "@/lib/queue/*",
  "@/lib/wallet/*",
  "@/lib/admin/*",
  "@/lib/rooms/*",
  "@/lib/users/*",
  "@/lib/api-keys/*",
  "@/lib/idempotency/*",
  "@/lib/tickets/*",
  "@/lib/http/with-route",
  "@/lib/config",
  "@/lib/pages/*",
  "**/db/prisma",
  "**/db/generated/*",
  // Schemas and pure rules are shared with the browser.
  "!@/lib/*/*-schemas",
  "!@/lib/queue/queue-rules",
];

const config = [
  ...next,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // `const { secret: _, ...rest } = row` is how a field is left out.
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true, varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["components/**", "lib/client/**", "lib/shared/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: serverModules,
              message: "Browser code must not import server modules (database, secrets, use cases); call the API.",
            },
          ],
        },
      ],
    },
  },
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      ".data/**",
      "lib/db/generated/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "bench/results/**",
      "next-env.d.ts",
    ],
  },
];

export default config;
