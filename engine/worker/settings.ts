import { tenantSettings } from "@/engine/net/tenant-policy";
import { flowEnvs } from "@/lib/env";

/**
 * The `envs` and `globals` template variables. `envs` come from the environment
 * (`ENV_FOO=bar` → `{{ envs.foo }}`, as in Kestra), read once per process: walking
 * `process.env` costs more than a simple execution's own work. `globals` are set by the
 * instance (empty unless configured, e.g. by the conformance runner).
 */
type Settings = { envs: Record<string, unknown>; globals: Record<string, unknown> };

const globalSettings = globalThis as unknown as {
  __switchyardTemplateSettings?: { envs?: Record<string, unknown>; globals?: Record<string, unknown> };
  __switchyardTemplateSettingsResolved?: Settings;
};

function templateSettings(): Settings {
  if (!globalSettings.__switchyardTemplateSettingsResolved) {
    const configured = globalSettings.__switchyardTemplateSettings ?? {};
    const fromEnv = flowEnvs();
    globalSettings.__switchyardTemplateSettingsResolved = { envs: { ...fromEnv, ...(configured.envs ?? {}) }, globals: configured.globals ?? {} };
  }
  return globalSettings.__switchyardTemplateSettingsResolved;
}

export function configureTemplateSettings(settings: { envs?: Record<string, unknown>; globals?: Record<string, unknown> }) {
  globalSettings.__switchyardTemplateSettings = settings;
  globalSettings.__switchyardTemplateSettingsResolved = undefined;
}

/**
 * The template settings of one tenant's executions: the instance's `envs` (every tenant
 * sees them) with the tenant's own `envs` (TenantSettings.envs, no other tenant sees
 * them) over them.
 */
export async function tenantTemplateSettings(tenantId: string): Promise<Settings> {
  return withTenantEnvs((await tenantSettings(tenantId)).envs);
}

/** The instance's settings with a tenant's own envs over them. */
export function withTenantEnvs(own: Record<string, string> | undefined): Settings {
  const base = templateSettings();
  if (!own || Object.keys(own).length === 0) return base;
  return { envs: { ...base.envs, ...own }, globals: base.globals };
}
