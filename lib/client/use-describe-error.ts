"use client";

import { useTranslations } from "next-intl";
import { isApiError } from "./api-error";

/**
 * One sentence a fan can act on, for any failure, in the page's language: chosen by the error's kind (never by
 * the API's English message, which stays as the contract fixes it), with a fallback by status.
 */
export function useDescribeError(): (error: unknown) => string {
  const t = useTranslations("errors");
  return (error) => {
    if (!isApiError(error)) return t("generic");
    if (error.isNetwork) return t("network");
    const key = `kinds.${error.kind}`;
    // Keys are typed from messages/ko.json; error kinds are a runtime value, hence the check and the cast.
    if (t.has(key as "kinds.seat_unavailable")) return t(key as "kinds.seat_unavailable");
    if (error.status >= 500) return t("server");
    if (error.status === 401) return t("kinds.authentication_required");
    if (error.status === 403) return t("kinds.forbidden");
    if (error.status === 404) return t("notFound");
    return t("generic");
  };
}
