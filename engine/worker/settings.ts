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

export function templateSettings(): Settings {
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
