import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageTitle } from "@/components/ui/card";
import { ApiReference, type ApiDocument } from "@/components/docs/api-reference";
import { openApiDocument } from "@/lib/openapi/build-document";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("docs");
  return { title: t("title"), description: t("description") };
}

export default async function DocsPage() {
  const t = await getTranslations("docs");
  return (
    <>
      <PageTitle
        lead={t.rich("lead", {
          link: (chunks) => (
            <a className="font-medium text-brand-700 underline" href="/api/openapi.json">
              {chunks}
            </a>
          ),
        })}
      >
        {t("title")}
      </PageTitle>
      <ApiReference
        document={openApiDocument() as unknown as ApiDocument}
        labels={{
          contents: t("contents"),
          credentials: t("credentials"),
          parameters: t("parameters"),
          requestBody: t("requestBody"),
          responses: t("responses"),
          none: t("none"),
          required: t("required"),
          optional: t("optional"),
          field: t("field"),
          type: t("type"),
          description: t("descriptionColumn"),
          errorsTitle: t("errors"),
        }}
      />
    </>
  );
}
