import { ApiError } from "@/lib/errors";
import { errorResponse } from "@/lib/api/route";

/**
 * Any /api address no route serves: a JSON 404 naming it, whatever the method and body.
 * Without it Next.js would treat a form-encoded POST to such an address as a page's
 * server action and answer 500 when the body does not parse.
 */
function noRoute(req: Request): Response {
  const { pathname } = new URL(req.url);
  return errorResponse(new ApiError("not_found", `No API operation at ${req.method} ${pathname.slice(0, 200)}`));
}

export const GET = noRoute;
export const POST = noRoute;
export const PUT = noRoute;
export const PATCH = noRoute;
export const DELETE = noRoute;
export const HEAD = noRoute;
export const OPTIONS = noRoute;
