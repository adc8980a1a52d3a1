import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it } from "vitest";
import { resetConfigForTests } from "../config";
import { sessionFromCookie } from "./session-cookie";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetConfigForTests();
});

function useSecret(secret: string) {
  process.env.AUTH_SECRET = secret;
  resetConfigForTests();
}

describe("sessionFromCookie", () => {
  it("reads the cookies next-auth itself encodes, whole or in chunks, under either cookie name", async () => {
    useSecret("a-secret-of-the-kind-npm-start-generates");
    const token = await encode({
      token: { sub: "42", sid: "s-1" },
      secret: "a-secret-of-the-kind-npm-start-generates",
    });
    expect(await sessionFromCookie(`next-auth.session-token=${token}`)).toEqual({ userId: 42, sid: "s-1" });
    expect(await sessionFromCookie(`a=b; __Secure-next-auth.session-token=${token}`)).toEqual({
      userId: 42,
      sid: "s-1",
    });
    const half = Math.floor(token.length / 2);
    const chunked = `next-auth.session-token.0=${token.slice(0, half)}; next-auth.session-token.1=${token.slice(half)}`;
    expect(await sessionFromCookie(chunked)).toEqual({ userId: 42, sid: "s-1" });
  });

  it("refuses another secret's cookie, an expired one, a tampered one and a user id that is not one", async () => {
    const secret = "the-secret-this-instance-runs-with";
    useSecret(secret);
    const other = await encode({ token: { sub: "42", sid: "s" }, secret: "someone-elses-secret" });
    expect(await sessionFromCookie(`next-auth.session-token=${other}`)).toBeNull();
    const expired = await encode({ token: { sub: "42", sid: "s" }, secret, maxAge: -60 });
    expect(await sessionFromCookie(`next-auth.session-token=${expired}`)).toBeNull();
    const good = await encode({ token: { sub: "42", sid: "s" }, secret });
    const tampered = good.slice(0, -3) + (good.endsWith("AAA") ? "BBB" : "AAA");
    expect(await sessionFromCookie(`next-auth.session-token=${tampered}`)).toBeNull();
    const notAUser = await encode({ token: { sub: "admin", sid: "s" }, secret });
    expect(await sessionFromCookie(`next-auth.session-token=${notAUser}`)).toBeNull();
    expect(await sessionFromCookie(null)).toBeNull();
  });

  it("follows a change of secret (tests and a rotated AUTH_SECRET)", async () => {
    useSecret("first-secret-first-secret");
    const first = await encode({ token: { sub: "7", sid: "a" }, secret: "first-secret-first-secret" });
    expect(await sessionFromCookie(`next-auth.session-token=${first}`)).toEqual({ userId: 7, sid: "a" });
    useSecret("second-secret-second-secret");
    expect(await sessionFromCookie(`next-auth.session-token=${first}`)).toBeNull();
  });
});
