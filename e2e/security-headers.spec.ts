import { expect, test, type Page } from "@playwright/test";

// The site under its Content-Security-Policy (a nonce per page, set by our HTTP server and applied by Next to its
// scripts, lib/server/security-headers.ts): pages hydrate, the API reference renders, and the browser reports no
// violation. Selectors avoid page copy, which is translated.
async function recordViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/content security policy/i.test(message.text())) seen.push(message.text());
  });
  await page.exposeFunction("reportCspViolation", (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportCspViolation: (t: string) => void }).reportCspViolation(
        `${location.pathname}: ${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      );
    });
  });
  return seen;
}

test("pages hydrate and the API reference renders under the nonce CSP, with no violation", async ({ page }) => {
  const violations = await recordViolations(page);

  const response = await page.goto("/sign-in");
  const policy = response!.headers()["content-security-policy"] ?? "";
  expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
  // The submit button is enabled once React has hydrated, which needs Next's scripts to have run.
  await expect(page.locator("form button[type=submit]")).toBeEnabled();

  await page.goto("/");
  await expect(page.locator("main a[href^='/concerts/']").first()).toBeVisible();

  await page.goto("/docs");
  // The reference is rendered on the server from the OpenAPI document (no third-party script to allow).
  await expect(page.locator("[data-testid='api-reference']")).toBeVisible({ timeout: 30_000 });
  await expect(page.locator("[data-testid='api-reference']")).toContainText("Ticketing API");
  await expect(page.locator("[data-testid='api-reference']")).toContainText("/api/queue/status");

  expect(violations).toEqual([]);
});
