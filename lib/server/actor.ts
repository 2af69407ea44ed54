import { ApiError } from "@/lib/errors";
import { allows, type Action, type Grant, type Resource } from "@/lib/permissions";

/**
 * Who performs an operation, in which tenant, with which grants. The doors (tenantRoute,
 * tenantAction, the webhook route) build it once; every use case takes it first.
 */
export type Actor = {
  tenantId: string;
  /** Recorded in audit entries; null for a door without a user (a webhook's key). */
  userId: string | null;
  grants: Grant[];
  /** An instance superadmin (may grant tenant access directly, without an invitation). */
  superAdmin: boolean;
  /** Whether the grants allow `action` on `resource`: in `namespace` when given, else anywhere in the tenant. */
  can: (resource: Resource, action: Action, namespace?: string) => boolean;
  /** `can`, or a 403 naming the permission and where it is missing. */
  require: (resource: Resource, action: Action, namespace?: string) => void;
};

/** The 403 of a missing permission: `Missing permission in namespace company.team (FLOW:CREATE)`. */
export function forbidden(tenantId: string, resource: Resource, action: Action, namespace?: string): ApiError {
  const where = namespace ? `namespace ${namespace}` : `tenant ${tenantId}`;
  return new ApiError("forbidden", `Missing permission in ${where} (${resource}:${action})`);
}

/**
 * The one permission check of the doors and the use cases. Without a namespace a grant
 * limited to some namespace counts (the caller may do it somewhere); with one, only grants
 * covering that namespace do.
 */
export function actorOf({ tenantId, userId, grants, superAdmin = false }: { tenantId: string; userId: string | null; grants: Grant[]; superAdmin?: boolean }): Actor {
  const can = (resource: Resource, action: Action, namespace?: string) =>
    namespace === undefined ? grants.some((g) => g.permissions[resource]?.includes(action)) : allows(grants, resource, action, namespace);
  return {
    tenantId,
    userId,
    grants,
    superAdmin,
    can,
    require: (resource, action, namespace) => {
      if (!can(resource, action, namespace)) throw forbidden(tenantId, resource, action, namespace);
    },
  };
}

/** Who acts on instance-level resources (tenants, users, tokens). */
export type InstanceActor = { userId: string | null; superAdmin: boolean };

/** A 403 unless the instance actor is a superadmin. */
export function requireSuperadmin(actor: InstanceActor): void {
  if (!actor.superAdmin) throw new ApiError("forbidden", "Only superadmins can do this.");
}
