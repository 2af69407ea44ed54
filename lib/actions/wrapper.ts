import { revalidatePath } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { ApiError } from "@/lib/errors";
import { QuotaExceeded } from "@/engine/quotas/errors";
import { pathText, unstorable } from "@/engine/executor/storable";
import type { Action, Grant, Resource } from "@/lib/permissions";
import type { Tenant } from "@/db/queries/tenants";
import type { TenantContext } from "@/db/tenant";
import { currentUser, type SessionUser } from "@/lib/ui/session";
import { resolveTenantAccess } from "@/lib/ui/tenant";
import { actorOf, type Actor } from "@/lib/server/actor";

/**
 * The one wrapper of server actions (dub's authActionClient): who is calling, which
 * tenant the argument names, whether they may enter it and hold the permission, whether
 * the input is valid, and a result the form can show. A server action is a public
 * endpoint: none of this trusts what the page rendered.
 */

export type FieldErrors = Record<string, string>;
export type ActionResult<T = unknown> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; error: string; fieldErrors?: FieldErrors };

/** Thrown by a handler for an expected failure; shown to the user as is. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
  }
}

export type Permission = readonly [Resource, Action];

type Raw = FormData | Record<string, unknown> | undefined;

/** Form fields as an object; `name[]` fields (checkbox groups) become arrays. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const values = form.getAll(key).filter((v): v is string => typeof v === "string");
    if (key.endsWith("[]")) out[key.slice(0, -2)] = values;
    else out[key] = values.at(-1);
  }
  return out;
}

/** Accepts both `action(input)` and `useActionState`'s `action(previousState, formData)`. */
function readInput(a: unknown, b: unknown): Record<string, unknown> {
  const raw = (b !== undefined ? b : a) as Raw;
  if (raw instanceof FormData) return formDataToObject(raw);
  return raw && typeof raw === "object" ? raw : {};
}

function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    out[key] ??= issue.message;
  }
  return out;
}

const fail = (error: string, fieldErrors?: FieldErrors): ActionResult<never> => ({ ok: false, error, fieldErrors });

function isNavigation(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && digest.startsWith("NEXT_REDIRECT");
}

type ServerAction<R> = (a?: unknown, b?: unknown) => Promise<ActionResult<R>>;

function build<S extends z.ZodType, C, R>(
  schema: S,
  guard: (user: SessionUser, input: z.output<S>) => Promise<C | ActionResult<never>>,
  handler: (call: C & { input: z.output<S>; user: SessionUser }) => Promise<R>,
  afterwards: (input: z.output<S>) => void,
): ServerAction<R> {
  return async (a, b) => {
    const user = await currentUser();
    if (!user) return fail("Your session has ended. Sign in again.");
    const raw = readInput(a, b);
    // What the database cannot store (NUL, lone surrogates) is the field's error, not a failed save.
    const bad = unstorable(raw);
    if (bad) return fail("Check the highlighted fields.", { [pathText("", bad.path)]: `This field ${bad.reason}; remove it.` });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsOf(parsed.error);
      return fail(fieldErrors.form ?? "Check the highlighted fields.", fieldErrors);
    }
    const input = parsed.data;
    try {
      const context = await guard(user, input);
      if (context && typeof context === "object" && "ok" in context) return context as ActionResult<never>;
      const data = await handler({ ...(context as C), input, user });
      afterwards(input);
      return { ok: true, data };
    } catch (error) {
      // redirect() and notFound() are control flow, not failures: the work is done.
      if (isNavigation(error)) afterwards(input);
      unstable_rethrow(error);
      if (error instanceof ActionError) return fail(error.message, error.fieldErrors);
      // A quota refusal (storage) reads like the API's 413: its message says which quota.
      if (error instanceof QuotaExceeded) return fail(error.message);
      if (error instanceof ApiError && error.status < 500) {
        const fieldErrors = Object.fromEntries(error.details.map((d) => [d.path, d.message]));
        return fail(error.message, Object.keys(fieldErrors).length ? fieldErrors : undefined);
      }
      console.error("[action]", error);
      return fail("Something went wrong and nothing was saved. Try again.");
    }
  };
}

export type TenantActionCall = {
  tenant: Tenant;
  tenantId: string;
  grants: Grant[];
  /** Who acts here, for the use cases (lib/server). */
  actor: Actor;
  /** A 403-style refusal naming the permission, shown on the form. */
  require: Actor["require"];
  /** The context for withTenant, carrying the user for audit entries. */
  ctx: TenantContext & { userId: string };
};

const tenantField = z.object({ tenantId: z.string().min(1).max(64) });

/**
 * A server action on one tenant. The tenant comes from the input's `tenantId`; unknown
 * and not granted answer alike; the permission is checked like the API's (a grant in any
 * namespace passes; the use case checks the namespace itself).
 */
export function tenantAction<S extends z.ZodObject, R>(
  options: { input: S; permission: Permission },
  handler: (call: TenantActionCall & { input: z.output<S> & { tenantId: string }; user: SessionUser }) => Promise<R>,
): ServerAction<R> {
  const schema = options.input.extend(tenantField.shape);
  return build(
    schema,
    async (user, input) => {
      const tenantId = (input as { tenantId: string }).tenantId;
      const access = await resolveTenantAccess(user, tenantId);
      if (!access) return fail("Tenant not found or you have no access.");
      const actor = actorOf({ tenantId, userId: user.id, grants: access.grants, superAdmin: user.superAdmin });
      actor.require(...options.permission);
      return { tenant: access.tenant, tenantId, grants: access.grants, actor, require: actor.require, ctx: { tenantId, userId: user.id } };
    },
    handler as never,
    (input) => revalidatePath(`/ui/${(input as { tenantId: string }).tenantId}`, "layout"),
  );
}

/** An instance-level server action (tenants, users): superadmins only. */
export function superadminAction<S extends z.ZodType, R>(
  options: { input: S },
  handler: (call: { input: z.output<S>; user: SessionUser }) => Promise<R>,
): ServerAction<R> {
  return build(
    options.input,
    async (user) => (user.superAdmin ? {} : fail("Only superadmins can do this.")),
    handler,
    () => revalidatePath("/", "layout"),
  );
}

/** A server action about the signed-in user themselves (their API tokens). */
export function userAction<S extends z.ZodType, R>(
  options: { input: S },
  handler: (call: { input: z.output<S>; user: SessionUser }) => Promise<R>,
): ServerAction<R> {
  return build(options.input, async () => ({}), handler, () => revalidatePath("/account", "layout"));
}

/** Optional text field: an empty input means absent. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : undefined));
