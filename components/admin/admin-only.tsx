import { useTranslations } from "next-intl";
import { LinkButton } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** What a signed-in fan sees on an /admin page (the 403 notice). */
export function AdminOnly() {
  const t = useTranslations("admin.access");
  return (
    <Card className="mx-auto max-w-lg text-center">
      <p className="text-sm font-semibold text-slate-600" data-testid="admin-403">
        {t("code")}
      </p>
      <h1 className="mt-1 text-2xl font-bold tracking-tight">{t("title")}</h1>
      <p className="mt-2 text-slate-700">{t("body")}</p>
      <LinkButton href="/" className="mt-4">
        {t("home")}
      </LinkButton>
    </Card>
  );
}
