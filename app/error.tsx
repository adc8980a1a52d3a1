"use client";

import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

// A page that failed to render on the server (the database was unreachable, say) shows this instead.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errorPage");
  return (
    <div className="mx-auto max-w-lg py-10">
      <h1 className="mb-4 text-2xl font-bold">{t("title")}</h1>
      <Alert
        tone="error"
        title={t("alert")}
        action={
          <Button variant="secondary" size="sm" onClick={reset}>
            {t("retry")}
          </Button>
        }
      >
        {t("body")}
      </Alert>
    </div>
  );
}
