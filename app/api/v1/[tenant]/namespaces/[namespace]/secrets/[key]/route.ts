import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { patchSecretBody, secretParams } from "@/lib/api/secrets";
import { ApiError } from "@/lib/errors";
import { patchSecret, removeSecret } from "@/lib/server/secrets";

function target(params: Record<string, string>) {
  const { namespace, key } = parseWith(secretParams, params, "path");
  return { namespace, key: key! };
}

export const PATCH = tenantRoute({ permission: ["SECRET", "UPDATE"], body: patchSecretBody }, async ({ actor, params, require, body }) => {
  const { namespace, key } = target(params);
  require("SECRET", "UPDATE", namespace);
  if (body.key !== undefined && body.key !== key) {
    throw new ApiError("unprocessable", "Invalid body: key: must be the key of the path (a secret cannot be renamed)", [{ path: "key", message: "differs from the path" }]);
  }
  await patchSecret(actor, { namespace, key, value: body.value, description: body.description, tags: body.tags });
  return undefined;
});

export const DELETE = tenantRoute({ permission: ["SECRET", "DELETE"] }, async ({ actor, params }) => {
  await removeSecret(actor, target(params));
  return undefined;
});
