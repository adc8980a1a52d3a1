import { Fragment, type ReactNode } from "react";

// The API reference, rendered on the server from the OpenAPI document itself (the page passes it in), so it is
// HTML at first paint, needs no third-party bundle, and can never disagree with /api/openapi.json.

type Json = Record<string, unknown>;
export type ApiDocument = {
  info: Json;
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
};

type Labels = {
  contents: string;
  credentials: string;
  parameters: string;
  requestBody: string;
  responses: string;
  none: string;
  required: string;
  optional: string;
  field: string;
  type: string;
  description: string;
  errorsTitle: string;
};

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-900 ring-sky-300",
  post: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  put: "bg-amber-100 text-amber-950 ring-amber-300",
  patch: "bg-amber-100 text-amber-950 ring-amber-300",
  delete: "bg-red-100 text-red-900 ring-red-300",
};

const SECURITY_NAMES: Record<string, string> = {
  apiKey: "X-API-Key",
  sessionCookie: "session cookie",
  queueToken: "queue token (Bearer)",
};

type Op = { method: string; path: string; op: Json };

export function ApiReference({ document, labels }: { document: ApiDocument; labels: Labels }) {
  const ops: Op[] = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method, path, op })),
  );
  const byTag = document.tags.map((tag) => ({
    tag,
    ops: ops.filter((o) => (o.op.tags as string[] | undefined)?.[0] === tag.name),
  }));
  const schemas = document.components.schemas;
  return (
    <div data-testid="api-reference" className="grid gap-8 lg:grid-cols-[14rem_1fr]">
      <nav aria-label={labels.contents} className="h-fit text-sm lg:sticky lg:top-4">
        <h2 className="font-semibold text-slate-800">{labels.contents}</h2>
        <ul className="mt-2 space-y-3">
          {byTag.map(({ tag, ops: tagOps }) => (
            <li key={tag.name}>
              <a href={`#tag-${tag.name}`} className="font-medium text-brand-700 hover:underline">
                {tag.name}
              </a>
              <ul className="mt-1 space-y-1 border-l border-slate-200 pl-3">
                {tagOps.map((o) => (
                  <li key={`${o.method} ${o.path}`}>
                    <a href={`#${String(o.op.operationId)}`} className="text-slate-700 hover:underline">
                      {String(o.op.summary)}
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 space-y-10">
        <section aria-labelledby="api-overview" className="rounded-xl border border-slate-200 bg-white p-5 sm:p-6">
          <h2 id="api-overview" className="text-lg font-semibold">
            {String(document.info.title)} {String(document.info.version)}
          </h2>
          <Markdown text={String(document.info.description ?? "")} />
        </section>
        {byTag.map(({ tag, ops: tagOps }) => (
          <section key={tag.name} aria-labelledby={`tag-${tag.name}`} className="space-y-4">
            <div>
              <h2 id={`tag-${tag.name}`} className="scroll-mt-4 text-xl font-bold tracking-tight">
                {tag.name}
              </h2>
              <p className="text-slate-600">{tag.description}</p>
            </div>
            {tagOps.map((o) => (
              <Operation key={`${o.method} ${o.path}`} {...o} schemas={schemas} labels={labels} />
            ))}
          </section>
        ))}
      </div>
    </div>
  );
}

function Operation({ method, path, op, schemas, labels }: Op & { schemas: Record<string, Json>; labels: Labels }) {
  const id = String(op.operationId);
  const security = (op.security as Record<string, string[]>[] | undefined) ?? [];
  const parameters = (op.parameters as Json[] | undefined) ?? [];
  const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.["application/json"] as
    Json | undefined;
  const responses = Object.entries((op.responses as Record<string, Json>) ?? {});
  return (
    <article
      id={id}
      aria-labelledby={`${id}-title`}
      className="scroll-mt-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6"
    >
      <h3 id={`${id}-title`} className="flex flex-wrap items-center gap-2 text-base font-semibold">
        <span
          className={`rounded px-2 py-0.5 font-mono text-xs font-bold uppercase ring-1 ${METHOD_STYLE[method] ?? ""}`}
        >
          {method}
        </span>
        <code className="break-all font-mono text-sm">{path}</code>
      </h3>
      <p className="mt-2 font-medium">{String(op.summary)}</p>
      {typeof op.description === "string" && <Markdown text={op.description} />}
      <p className="mt-3 text-sm">
        <span className="font-semibold">{labels.credentials}: </span>
        {security.length === 0
          ? labels.none
          : security
              .map((alt) =>
                Object.keys(alt)
                  .map((k) => SECURITY_NAMES[k] ?? k)
                  .join(" + "),
              )
              .join(" | ")}
      </p>
      {parameters.length > 0 && (
        <Block title={labels.parameters}>
          <FieldTable
            labels={labels}
            caption={`${String(op.operationId)}: ${labels.parameters}`}
            rows={parameters.map((p) => ({
              name: `${String(p.name)} (${String(p.in)})`,
              required: Boolean(p.required),
              schema: p.schema as Json,
              description: typeof p.description === "string" ? p.description : undefined,
            }))}
            schemas={schemas}
          />
        </Block>
      )}
      {body && (
        <Block title={labels.requestBody}>
          <SchemaView
            schema={body.schema as Json}
            schemas={schemas}
            labels={labels}
            caption={`${String(op.operationId)}: ${labels.requestBody}`}
          />
        </Block>
      )}
      <Block title={labels.responses}>
        <ul className="space-y-3">
          {responses.map(([status, response]) => {
            const schema = ((response.content as Json | undefined)?.["application/json"] as Json | undefined)
              ?.schema as Json | undefined;
            const isError = Number(status) >= 400;
            return (
              <li key={status} className="rounded-lg border border-slate-200 p-3">
                <p className="text-sm">
                  <span
                    className={`mr-2 rounded px-1.5 py-0.5 font-mono text-xs font-bold ring-1 ${
                      isError
                        ? "bg-red-50 text-red-900 ring-red-200"
                        : "bg-emerald-50 text-emerald-900 ring-emerald-200"
                    }`}
                  >
                    {status}
                  </span>
                  {!isError && String(response.description)}
                </p>
                {isError ? (
                  <Markdown text={String(response.description)} />
                ) : (
                  schema && (
                    <div className="mt-2">
                      <SchemaView
                        schema={schema}
                        schemas={schemas}
                        labels={labels}
                        caption={`${String(op.operationId)}: ${status}`}
                      />
                    </div>
                  )
                )}
              </li>
            );
          })}
        </ul>
      </Block>
    </article>
  );
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mt-4">
      <h4 className="mb-2 text-sm font-semibold text-slate-800">{title}</h4>
      {children}
    </div>
  );
}

function resolve(schema: Json, schemas: Record<string, Json>): { name?: string; schema: Json } {
  const ref = schema.$ref;
  if (typeof ref === "string") {
    const name = ref.replace("#/components/schemas/", "");
    return { name, schema: schemas[name] ?? {} };
  }
  return { schema };
}

function typeOf(schema: Json, schemas: Record<string, Json>): string {
  const { name, schema: s } = resolve(schema, schemas);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    return ((s.anyOf ?? s.oneOf) as Json[]).map((alt) => typeOf(alt, schemas)).join(" | ");
  }
  if (s.type === "array") return `${typeOf((s.items as Json) ?? {}, schemas)}[]`;
  const type = Array.isArray(s.type) ? s.type.join(" | ") : typeof s.type === "string" ? s.type : "any";
  const format = typeof s.format === "string" ? ` (${s.format})` : "";
  return name && s.type === "object" ? name : `${type}${format}`;
}

/** An object's fields as a table, nested objects one level down in a disclosure. */
function SchemaView({
  schema,
  schemas,
  labels,
  caption,
  depth = 0,
}: {
  schema: Json;
  schemas: Record<string, Json>;
  labels: Labels;
  caption: string;
  depth?: number;
}) {
  const { schema: s } = resolve(schema, schemas);
  const target = s.type === "array" ? resolve((s.items as Json) ?? {}, schemas).schema : s;
  const properties = target.properties as Record<string, Json> | undefined;
  if (!properties || depth > 3) return <code className="font-mono text-xs">{typeOf(schema, schemas)}</code>;
  const required = new Set((target.required as string[] | undefined) ?? []);
  return (
    <>
      {s.type === "array" && <p className="mb-1 font-mono text-xs">{typeOf(schema, schemas)}</p>}
      <FieldTable
        labels={labels}
        caption={caption}
        schemas={schemas}
        depth={depth}
        rows={Object.entries(properties).map(([name, field]) => ({
          name,
          required: required.has(name),
          schema: field,
          description: typeof field.description === "string" ? field.description : undefined,
        }))}
      />
    </>
  );
}

function FieldTable({
  rows,
  schemas,
  labels,
  caption,
  depth = 0,
}: {
  rows: { name: string; required: boolean; schema: Json; description?: string }[];
  caption: string;
  schemas: Record<string, Json>;
  labels: Labels;
  depth?: number;
}) {
  return (
    // Wide on a phone: the table scrolls inside its box, and the box takes keyboard focus so it can be scrolled.
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full min-w-[32rem] border-collapse text-left text-sm">
        <thead>
          <tr className="border-b border-slate-200 text-slate-600">
            <th scope="col" className="py-1.5 pr-3 font-medium">
              {labels.field}
            </th>
            <th scope="col" className="py-1.5 pr-3 font-medium">
              {labels.type}
            </th>
            <th scope="col" className="py-1.5 font-medium">
              {labels.description}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const resolved = resolve(row.schema, schemas).schema;
            const inner =
              resolved.type === "array" ? resolve((resolved.items as Json) ?? {}, schemas).schema : resolved;
            const nested = Boolean(inner.properties) && depth < 3;
            const description =
              row.description ??
              (typeof resolved.description === "string" ? resolved.description : undefined) ??
              (typeof row.schema.description === "string" ? row.schema.description : undefined);
            return (
              <Fragment key={row.name}>
                <tr className="border-b border-slate-100 align-top">
                  <td className="py-1.5 pr-3">
                    <code className="font-mono text-xs font-semibold">{row.name}</code>
                    <span className="block text-xs text-slate-500">
                      {row.required ? labels.required : labels.optional}
                    </span>
                  </td>
                  <td className="py-1.5 pr-3">
                    <code className="break-words font-mono text-xs">{typeOf(row.schema, schemas)}</code>
                  </td>
                  <td className="py-1.5 text-slate-700">{description && <Inline text={description} />}</td>
                </tr>
                {nested && (
                  <tr>
                    <td colSpan={3} className="pb-2 pl-4">
                      <details>
                        <summary className="cursor-pointer text-xs font-medium text-brand-700">{row.name}</summary>
                        <div className="mt-1">
                          <SchemaView
                            schema={row.schema}
                            schemas={schemas}
                            labels={labels}
                            caption={`${caption} › ${row.name}`}
                            depth={depth + 1}
                          />
                        </div>
                      </details>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The little Markdown the document uses: paragraphs, "- " lists, **bold**, *italic* and `code`. */
function Markdown({ text }: { text: string }) {
  const blocks = text.trim().split(/\n\s*\n/);
  return (
    <div className="mt-2 space-y-2 text-sm leading-6 text-slate-700">
      {blocks.map((block, i) => {
        const lines = block.split("\n");
        if (lines.every((l) => l.startsWith("- ")))
          return (
            <ul key={i} className="list-disc space-y-1 pl-5">
              {lines.map((l, j) => (
                <li key={j}>
                  <Inline text={l.slice(2)} />
                </li>
              ))}
            </ul>
          );
        return (
          <p key={i}>
            <Inline text={lines.join(" ")} />
          </p>
        );
      })}
    </div>
  );
}

function Inline({ text }: { text: string }) {
  const parts = text.split(/(`[^`]+`|\*\*[^*]+\*\*|\*[^*]+\*)/g);
  return (
    <>
      {parts.map((part, i) => {
        if (part.startsWith("`") && part.endsWith("`") && part.length > 1)
          return (
            <code key={i} className="break-words rounded bg-slate-100 px-1 font-mono text-[0.85em]">
              {part.slice(1, -1)}
            </code>
          );
        if (part.startsWith("**") && part.endsWith("**") && part.length > 4)
          return <strong key={i}>{part.slice(2, -2)}</strong>;
        if (part.startsWith("*") && part.endsWith("*") && part.length > 2) return <em key={i}>{part.slice(1, -1)}</em>;
        return <Fragment key={i}>{part}</Fragment>;
      })}
    </>
  );
}
