import type messages from "../../messages/ko.json";
import type { AppLocale } from "./locales";

// Korean is the source language: every key used in code must exist in messages/ko.json (tsc checks it), and
// lib/i18n/messages.test.ts checks that messages/en.json has the same keys.
declare module "next-intl" {
  interface AppConfig {
    Locale: AppLocale;
    Messages: typeof messages;
  }
}
