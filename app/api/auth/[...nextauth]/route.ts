import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import { limitSignIns } from "@/lib/auth/sign-in-limits";

type NextAuthHandler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Built per request so the secret is read at run time, not during `next build`. Credentials sign-ins pass the
// limit on failed sign-ins first.
const handler: NextAuthHandler = limitSignIns((req, ctx) =>
  (NextAuth(authOptions()) as unknown as NextAuthHandler)(req, ctx),
);

export { handler as GET, handler as POST };
