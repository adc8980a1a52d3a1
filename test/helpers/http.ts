import { encode } from "next-auth/jwt";
import { createSession } from "@/lib/auth/sessions";
import type { Handler } from "@/lib/http/with-route";

// Drives real route handlers with real Request objects, in process, against the test's database.
export type CallOptions = {
  params?: Record<string, string | string[]>;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
};

export async function call(handler: Handler, method: string, path: string, options: CallOptions = {}) {
  const url = new URL(path, "http://localhost:3000");
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers(options.headers);
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const res = await handler(new Request(url, { method, headers, body }), {
    params: Promise.resolve(options.params ?? {}),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, headers: res.headers, body: json as any };
}

/** A next-auth session cookie for `userId`, exactly as next-auth would set it at sign-in (a live session row). */
export async function sessionCookie(userId: number): Promise<Record<string, string>> {
  const sid = await createSession(userId);
  const token = await encode({ token: { sub: String(userId), sid }, secret: process.env.AUTH_SECRET! });
  return { cookie: `next-auth.session-token=${token}` };
}
