import "server-only";
import type { NextAuthOptions, Session } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authSecret } from "../config";
import { verifyCredentials } from "../users/verify-credentials";
import { clientAddressOf } from "../http/client-address";
import { signInFailed, signInSucceeded } from "../rate-limit/limits";
import { createSession, isSessionLive, revokeSession } from "./sessions";

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        // The limit on failed sign-ins took its point before this runs (lib/auth/sign-in-limits.ts); the outcome
        // forgives the failures (right password) or pauses the next attempt (wrong one).
        async authorize(credentials, req) {
          const user = await verifyCredentials(credentials);
          const email = typeof credentials?.email === "string" ? credentials.email : "";
          const address = clientAddressOf(req?.headers ?? {});
          if (user) await signInSucceeded(email, address);
          else await signInFailed(email, address);
          return user ? { id: String(user.id), email: user.email, name: user.name } : null;
        },
      }),
    ],
    callbacks: {
      // At sign-in (`user` is set) a server-side session starts; its id rides in the JWT as `sid`.
      async jwt({ token, user }) {
        if (user) token.sid = await createSession(Number(user.id));
        return token;
      },
      // The JWT's `sub` is the user id; the session exposes it to the browser as `user.id`. A signed-out (revoked)
      // or unknown session reads as no session at all: pages (getFanSession) and /api/auth/session see nobody.
      async session({ session, token }) {
        const userId = Number(token.sub);
        if (!Number.isSafeInteger(userId) || !(await isSessionLive(token.sid, userId))) return {} as Session;
        if (session.user) (session.user as { id?: number }).id = userId;
        return session;
      },
    },
    events: {
      // Sign-out ends the session on the server too: the cookie stops working even if a copy of it survives.
      async signOut({ token }) {
        await revokeSession(token?.sid);
      },
    },
  };
}
