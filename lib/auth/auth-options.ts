import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authSecret } from "../config";
import { verifyCredentials } from "../users/verify-credentials";

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const user = await verifyCredentials(credentials);
          return user ? { id: String(user.id), email: user.email, name: user.name } : null;
        },
      }),
    ],
    callbacks: {
      // The JWT's `sub` is the user id; the session exposes it to the browser as `user.id`.
      session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: number }).id = Number(token.sub);
        return session;
      },
    },
  };
}
