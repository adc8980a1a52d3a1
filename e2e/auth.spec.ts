import { expect } from "@playwright/test";
import { DEMO_PASSWORD, newFanContext, signInThroughApi, test, uniqueEmail } from "./helpers";

// Issue 2: a new fan signs up and signs in in the browser; the forms say clearly what is wrong (in Korean).
test("a new fan signs up, signs out and signs in again, and field errors are clear", async ({ page }) => {
  const email = uniqueEmail("signup");

  await page.goto("/sign-up");

  // Empty form: every field says what it needs, and focus goes to the first one.
  await page.getByRole("button", { name: "회원가입" }).click();
  await expect(page.getByLabel("이름")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("이름을 입력해 주세요.")).toBeVisible();
  await expect(page.getByLabel("이름")).toBeFocused();

  // Bad email and short password: errors next to those fields (the API's own schema, run in the browser).
  await page.getByLabel("이름").fill("새 팬");
  await page.getByLabel("이메일").fill("not-an-email");
  await page.getByLabel("비밀번호").fill("short");
  await page.getByRole("button", { name: "회원가입" }).click();
  await expect(page.getByText("올바른 이메일 주소를 입력해 주세요.")).toBeVisible();
  await expect(page.getByText("비밀번호는 8자 이상이어야 합니다.")).toBeVisible();
  await expect(page.getByLabel("이메일")).toBeFocused();

  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "회원가입" }).click();

  // Signed in and back on the home page, with the header showing the fan.
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("button", { name: "로그아웃" })).toBeVisible();
  await expect(page.getByRole("link", { name: "지갑 잔액 0원" })).toBeVisible();

  // Sign out.
  await page.getByRole("button", { name: "로그아웃" }).click();
  await expect(page.getByRole("link", { name: "로그인" })).toBeVisible();

  // Signing up again with the same email is refused next to the email field.
  await page.goto("/sign-up");
  await page.getByLabel("이름").fill("다른 사람");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "회원가입" }).click();
  await expect(page.getByText("이미 가입된 이메일입니다.")).toBeVisible();

  // A page that needs a fan sends the visitor to sign-in at once, and says why.
  await page.goto("/tickets");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Ftickets&required=1/);
  await expect(page.getByRole("status").filter({ hasText: "로그인이 필요한 페이지입니다." })).toBeVisible();

  // Sign in from a page that needs it: wrong password first, then the right one, and back to that page.
  await page.goto("/wallet");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fwallet/);
  await page.getByRole("button", { name: "로그인", exact: true }).last().click();
  await expect(page.getByText("올바른 이메일 주소를 입력해 주세요.")).toBeVisible();
  await expect(page.getByText("비밀번호를 입력해 주세요.")).toBeVisible();
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("비밀번호").fill("wrong-password");
  await page.getByRole("main").getByRole("button", { name: "로그인" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "일치하지 않습니다" })).toBeVisible();
  await page.getByLabel("비밀번호").fill(DEMO_PASSWORD);
  await page.getByRole("main").getByRole("button", { name: "로그인" }).click();
  await expect(page).toHaveURL(/\/wallet$/);
  await expect(page.getByRole("heading", { name: "지갑", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "로그아웃" })).toBeVisible();
});

// Sign-out used to follow NEXTAUTH_URL (127.0.0.1 here) and land a fan who came through "localhost" on another
// host, where the session cookie is a different one. It stays on the host the fan used.
test("signing out keeps the fan on the host they came through", async ({ browser, baseURL }) => {
  const localhost = baseURL!.replace("127.0.0.1", "localhost");
  const context = await newFanContext(browser, localhost, "en");
  try {
    const page = await context.newPage();
    const email = uniqueEmail("host");
    expect(
      (await page.request.post("/api/users", { data: { email, password: DEMO_PASSWORD, name: "Host" } })).status(),
    ).toBe(201);
    await signInThroughApi(page, email, DEMO_PASSWORD);
    await page.goto("/wallet");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(`${localhost}/`);
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  } finally {
    await context.close();
  }
});
