import type { Metadata } from "next";
import Link from "next/link";
import { openApiDocument } from "@/lib/api/openapi";

export const metadata: Metadata = { title: "API reference" };

type Param = { name: string; in: string; required: boolean; schema: Record<string, unknown> };
type Op = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters: Param[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: string }>;
  "x-permission"?: string;
};

const METHOD_TONE: Record<string, string> = {
  get: "bg-sky-50 text-sky-800 border-sky-200",
  post: "bg-emerald-50 text-emerald-800 border-emerald-200",
  put: "bg-amber-50 text-amber-800 border-amber-200",
  patch: "bg-amber-50 text-amber-800 border-amber-200",
  delete: "bg-red-50 text-red-800 border-red-200",
};

function typeOf(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map(String).join(" | ");
  if (schema.type) return String(schema.type);
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Record<string, unknown>[]).map(typeOf).join(" | ");
  return "any";
}

/** The OpenAPI document (GET /api/v1/openapi.json), one section per tag, server-rendered. */
export default function ApiReference() {
  const doc = openApiDocument() as { info: { title: string; description: string }; paths: Record<string, Record<string, Op>> };
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const tags = [...new Set(ops.map((o) => o.op.tags[0]))].sort();
  return (
    <main className="mx-auto max-w-5xl px-4 py-8 text-zinc-900">
      <h1 className="text-2xl font-semibold">{doc.info.title}</h1>
      <p className="mt-2 max-w-3xl text-[14px] text-zinc-600">{doc.info.description}</p>
      <p className="mt-2 text-[13px]">
        Machine-readable: <a className="text-indigo-700 underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Authenticate with HTTP Basic, a
        bearer API token or the session cookie. <Link className="text-indigo-700 underline" href="/ui">Back to the app</Link>
      </p>
      <nav aria-label="API sections" className="mt-4 flex flex-wrap gap-1.5">
        {tags.map((t) => (
          <a key={t} href={`#${t}`} className="rounded border border-zinc-200 px-2 py-0.5 text-[12px] hover:bg-zinc-50">
            {t}
          </a>
        ))}
      </nav>
      {tags.map((tag) => (
        <section key={tag} id={tag} aria-label={tag} className="mt-8">
          <h2 className="border-b border-zinc-200 pb-1 text-lg font-semibold">{tag}</h2>
          <ul className="mt-2 space-y-2">
            {ops
              .filter((o) => o.op.tags[0] === tag)
              .map(({ path, method, op }) => (
                <li key={op.operationId} id={op.operationId} className="rounded-md border border-zinc-200">
                  <details>
                    <summary className="flex cursor-pointer flex-wrap items-center gap-2 px-3 py-2">
                      <span className={`w-16 rounded border px-1.5 py-0.5 text-center font-mono text-[11px] font-semibold uppercase ${METHOD_TONE[method] ?? ""}`}>{method}</span>
                      <code className="text-[13px] break-all">{path}</code>
                      <span className="text-[13px] text-zinc-600">{op.summary}</span>
                      {op["x-permission"] && <code className="ml-auto rounded bg-zinc-100 px-1.5 text-[11px] text-zinc-600">{op["x-permission"]}</code>}
                    </summary>
                    <div className="space-y-3 border-t border-zinc-100 px-3 py-3 text-[13px]">
                      {op.description && <p className="text-zinc-600">{op.description}</p>}
                      {op.parameters.length > 0 && (
                        <table className="w-full text-left text-[12px]">
                          <thead>
                            <tr className="text-zinc-500">
                              <th className="py-1 pr-3 font-medium">Parameter</th>
                              <th className="py-1 pr-3 font-medium">In</th>
                              <th className="py-1 font-medium">Type</th>
                            </tr>
                          </thead>
                          <tbody>
                            {op.parameters.map((p) => (
                              <tr key={`${p.in}-${p.name}`} className="border-t border-zinc-100">
                                <td className="py-1 pr-3 font-mono">
                                  {p.name}
                                  {p.required && <span className="text-red-600">*</span>}
                                </td>
                                <td className="py-1 pr-3">{p.in}</td>
                                <td className="py-1 font-mono break-all">{typeOf(p.schema)}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      )}
                      {op.requestBody &&
                        Object.entries(op.requestBody.content).map(([type, { schema }]) => (
                          <div key={type}>
                            <div className="text-[12px] font-medium text-zinc-500">Body ({type})</div>
                            <pre className="mt-1 max-h-80 overflow-auto rounded bg-zinc-50 p-2 text-[11px] leading-snug">{JSON.stringify(schema, null, 2)}</pre>
                          </div>
                        ))}
                      <div className="text-[12px] text-zinc-500">
                        Responses:{" "}
                        {Object.entries(op.responses)
                          .map(([status, r]) => `${status} ${r.description}`)
                          .join(" · ")}
                      </div>
                    </div>
                  </details>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </main>
  );
}
