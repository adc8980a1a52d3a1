import "server-only";
import { AppError } from "../http/app-error";
import { clientAddressOf } from "../http/client-address";
import { toErrorResponse } from "../http/with-route";
import { beforeSignIn } from "../rate-limit/limits";

type RouteHandler<C> = (req: Request, context: C) => Promise<Response>;

/**
 * Wraps next-auth's route so that a credentials sign-in (POST .../callback/credentials) first passes the limit on
 * failed sign-ins for its (account, address); next-auth's `authorize` then reports the outcome
 * (lib/auth/auth-options.ts). Over the limit: 429 with Retry-After in the error shape, plus the `url` that
 * next-auth's browser client reads (`signIn()` then resolves with `{ error: "rate_limited", status: 429 }`).
 */
export function limitSignIns<C>(handler: RouteHandler<C>): RouteHandler<C> {
  return async (req, context) => {
    if (req.method === "POST" && new URL(req.url).pathname.endsWith("/callback/credentials")) {
      try {
        await beforeSignIn(await emailOf(req.clone()), clientAddressOf(req.headers));
      } catch (error) {
        if (!(error instanceof AppError)) return toErrorResponse(error);
        const url = new URL(`/api/auth/error?error=${error.kind}`, req.url).toString();
        return Response.json({ ...error.toBody(), url }, { status: error.status, headers: error.headers });
      }
    }
    return handler(req, context);
  };
}

async function emailOf(req: Request): Promise<string> {
  try {
    const type = req.headers.get("content-type") ?? "";
    const text = (await req.text()).slice(0, 8_192);
    const email = type.includes("json")
      ? (JSON.parse(text) as { email?: unknown }).email
      : new URLSearchParams(text).get("email");
    return typeof email === "string" ? email.slice(0, 320) : "";
  } catch {
    return "";
  }
}
