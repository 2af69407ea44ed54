/**
 * The `envs` and `globals` template variables. `envs` come from the environment
 * (`ENV_FOO=bar` → `{{ envs.foo }}`, as in Kestra); `globals` are set by the instance
 * (empty unless configured, e.g. by the conformance runner).
 */
const globalSettings = globalThis as unknown as { __switchyardTemplateSettings?: { envs?: Record<string, unknown>; globals?: Record<string, unknown> } };

export function templateSettings(): { envs: Record<string, unknown>; globals: Record<string, unknown> } {
  const configured = globalSettings.__switchyardTemplateSettings ?? {};
  const fromEnv = Object.fromEntries(
    Object.entries(process.env)
      .filter(([k, v]) => k.startsWith("ENV_") && v !== undefined)
      .map(([k, v]) => [k.slice(4).toLowerCase(), v]),
  );
  return { envs: { ...fromEnv, ...(configured.envs ?? {}) }, globals: configured.globals ?? {} };
}

export function configureTemplateSettings(settings: { envs?: Record<string, unknown>; globals?: Record<string, unknown> }) {
  globalSettings.__switchyardTemplateSettings = settings;
}
