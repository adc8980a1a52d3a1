import type adminMessages from "../../messages/admin/ko.json";
import type messages from "../../messages/ko.json";
import type { AppLocale } from "./locales";

// Korean is the source language: every key used in code must exist in messages/ko.json, or for the organizer
// console in messages/admin/ko.json under `admin` (tsc checks it), and lib/i18n/messages.test.ts and
// admin-messages.test.ts check that the English files have the same keys.
declare module "next-intl" {
  interface AppConfig {
    Locale: AppLocale;
    Messages: typeof messages & { admin: typeof adminMessages };
  }
}
