import { openApiDocument } from "@/lib/api/openapi";

/** The OpenAPI 3.1 document of the whole API (public, like Kestra's). */
export async function GET(): Promise<Response> {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
