import {
  apiKeyIdParams,
  apiKeyListSchema,
  createApiKeySchema,
  createdApiKeySchema,
} from "../../api-keys/api-key-schemas";
import { API_KEYS_NEED_SESSION } from "../../auth/assert-session";
import { meSchema, signUpResponseSchema, signUpSchema } from "../../users/user-schemas";
import type { ErrorCase, Operation } from "../operation";

// Key management is the account page's job: a key may not list, mint or revoke keys (a stolen one would
// otherwise outlive its revocation).
const sessionOnly: ErrorCase = {
  error: "forbidden",
  detail: API_KEYS_NEED_SESSION,
  when: "the request carries an `X-API-Key`: keys are listed, created and revoked only from a signed-in session",
};

export const accountOperations: Operation[] = [
  {
    method: "post",
    path: "/api/users",
    operationId: "signUp",
    summary: "Sign up",
    description:
      "Creates a fan account with a wallet at 0 won. Sign in on the web page to get a session, then create an API key.",
    tag: "Account",
    credentials: "none",
    body: signUpSchema,
    success: { status: 201, description: "The new account", schema: signUpResponseSchema },
    errors: [
      { error: "email_taken", when: "an account with this email exists (emails are compared in lower case)" },
      {
        error: "rate_limited",
        when: "more than 30 sign-ups from one address in an hour (this also bounds probing for taken emails); `Retry-After` says when to retry",
      },
    ],
  },
  {
    method: "get",
    path: "/api/me",
    operationId: "getMe",
    summary: "Who am I",
    description:
      "The account the credentials belong to: a partner with an API key reads its user id here instead of being told it.",
    tag: "Account",
    credentials: "identity",
    success: { status: 200, description: "Your account", schema: meSchema },
    errors: [{ error: "user_not_found", when: "the account was deleted after the session began" }],
  },
  {
    method: "get",
    path: "/api/me/api-keys",
    operationId: "listApiKeys",
    summary: "List my API keys",
    description:
      "The caller's active keys, newest first. The keys themselves are never shown again; only their prefix. Needs a signed-in session.",
    tag: "Account",
    credentials: "session",
    success: { status: 200, description: "Active keys", schema: apiKeyListSchema },
    errors: [sessionOnly],
  },
  {
    method: "post",
    path: "/api/me/api-keys",
    operationId: "createApiKey",
    summary: "Create an API key",
    description:
      "Returns a new personal key once; send it as `X-API-Key` to act as this user on the other endpoints. Only a hash is stored, so keep it safe. Needs a signed-in session (the account page): a key cannot create keys.",
    tag: "Account",
    credentials: "session",
    body: createApiKeySchema,
    success: { status: 201, description: "The new key, shown this once", schema: createdApiKeySchema },
    errors: [
      sessionOnly,
      {
        error: "bad_request",
        detail: "at most 20 active keys; revoke one first",
        when: "the account already has 20 active keys",
      },
    ],
  },
  {
    method: "delete",
    path: "/api/me/api-keys/{id}",
    operationId: "revokeApiKey",
    summary: "Revoke an API key",
    description: "Needs a signed-in session: a key cannot revoke keys, so a stolen key cannot lock its owner out.",
    tag: "Account",
    credentials: "session",
    params: apiKeyIdParams,
    success: { status: 204, description: "Revoked; requests with the key now get 401" },
    errors: [
      sessionOnly,
      {
        error: "api_key_not_found",
        when: "no active key with this id belongs to the caller (another user's key included)",
      },
    ],
  },
];
