import { createRequire } from "node:module";
import { expect, test } from "@playwright/test";
import { admin, uniq } from "./support";

/**
 * Issue 12: Kestra's own published JS SDK (@kestra-io/kestra-sdk 0.24.1), unchanged, against
 * this server: its tenant, flow, execution, KV, namespace-file and secret calls, each
 * sending the SDK's full models as it does for Kestra.
 *
 * The published 0.24.1 package cannot load its FlowsApi (nor KestraClient, which loads
 * every API): model/SLA.js requires ./SLALabels, which the package does not ship. The flow
 * is therefore created through the SDK's ApiClient with FlowsApi.createFlow's exact request
 * (path, method, YAML body and content type, copied from its source).
 */

type Callback<T> = (error: (Error & { status?: number; response?: { text?: string } }) | null, data: T, response: { status: number; text: string; body: unknown }) => void;
type Api = Record<string, (...args: unknown[]) => unknown>;
type ApiClient = Api & { defaultHeaders: Record<string, string> };

const load = createRequire(import.meta.url);
const part = <T>(name: string) => (load(`@kestra-io/kestra-sdk/dist/${name}`) as { default: T }).default;
const sdk = {
  ApiClient: part<new (basePath: string) => ApiClient>("ApiClient"),
  TenantsApi: part<new (client: ApiClient) => Api>("api/TenantsApi"),
  ExecutionsApi: part<new (client: ApiClient) => Api>("api/ExecutionsApi"),
  KVApi: part<new (client: ApiClient) => Api>("api/KVApi"),
  FilesApi: part<new (client: ApiClient) => Api>("api/FilesApi"),
  NamespacesApi: part<new (client: ApiClient) => Api>("api/NamespacesApi"),
  Tenant: part<new (id: string, name: string, deleted: boolean) => object>("model/Tenant"),
  ApiSecretValue: part<new (key: string, value: string) => object>("model/ApiSecretValue"),
};

/** An SDK call (callback style) as a promise of its data and response. */
function call<T = unknown>(api: Api, method: string, ...args: unknown[]): Promise<{ data: T; status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const done: Callback<T> = (error, data, response) => {
      // The SDK declares createExecution's answer a list (`Publisher<ExecutionResponse>` read as
      // many) while Kestra, like this server, answers one object: its deserializer then throws
      // on a successful answer. The answer itself is what Kestra sends.
      if (error && !error.status && response && response.status < 300) return resolve({ data: response.body as T, status: response.status, text: response.text });
      if (error) reject(new Error(`${method}: ${error.status ?? ""} ${error.response?.text ?? error.message}`));
      else resolve({ data, status: response.status, text: response.text });
    };
    api[method](...args, done);
  });
}

test("Kestra's JS SDK works as sent: tenants, flows, executions, KV, namespace files and secrets", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const apiClient = new sdk.ApiClient(baseURL!);
  // The generated APIs list no auth names, so the SDK's `authentications` are never applied:
  // its users send credentials as a default header.
  apiClient.defaultHeaders = { Authorization: `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString("base64")}` };
  const client = {
    tenantsApi: new sdk.TenantsApi(apiClient),
    executionsApi: new sdk.ExecutionsApi(apiClient),
    kvApi: new sdk.KVApi(apiClient),
    filesApi: new sdk.FilesApi(apiClient),
    namespacesApi: new sdk.NamespacesApi(apiClient),
  };
  const tenant = uniq("sdk");

  // TenantsApi.create sends the full Tenant model: {id, name, deleted: false}.
  const created = await call<{ id: string; name: string }>(client.tenantsApi, "create", new sdk.Tenant(tenant, "SDK tenant", false));
  expect(created.data.id).toBe(tenant);
  expect((await call<{ name: string }>(client.tenantsApi, "get", tenant)).data.name).toBe("SDK tenant");

  const flowYaml = `id: hello
namespace: sdk.team
tasks:
  - id: greet
    type: io.kestra.plugin.core.log.Log
    message: "{{ kv('greeting') }} {{ read('query.sql') }} {{ secret('TOKEN') }}"
  - id: out
    type: io.kestra.plugin.core.debug.Return
    format: "{{ read('query.sql') }}"
`;
  // FlowsApi.createFlow's request, through the SDK's client (see above).
  const flow = await call<{ id: string; namespace: string; revision: number }>(
    apiClient, "callApi", "/api/v1/{tenant}/flows", "POST", { tenant }, {}, {}, {}, flowYaml, [], ["application/x-yaml"], ["application/json"], Object, null,
  );
  expect(flow.data).toMatchObject({ id: "hello", namespace: "sdk.team", revision: 1 });

  await call(client.kvApi, "setKeyValue", "sdk.team", "greeting", tenant, '"hello"');
  const kv = await call<{ type: string; value: unknown }>(client.kvApi, "getKeyValue", "sdk.team", "greeting", tenant);
  expect(kv.data).toMatchObject({ type: "STRING", value: "hello" });

  await call(client.filesApi, "createNamespaceFile", "sdk.team", "/query.sql", tenant, { fileContent: Buffer.from("select 1") });
  const file = await call<unknown>(client.filesApi, "getFileContent", "sdk.team", "/query.sql", tenant);
  expect(file.text).toBe("select 1");

  await call(client.namespacesApi, "putSecrets", "sdk.team", tenant, new sdk.ApiSecretValue("TOKEN", "s3cr3t-value"));
  const secrets = await call<{ results: { key: string }[] }>(client.namespacesApi, "listNamespaceSecrets", "sdk.team", 1, 10, [], tenant, {});
  expect(secrets.data.results.map((s) => s.key)).toContain("TOKEN");
  expect(secrets.text).not.toContain("s3cr3t-value");

  const execution = await call<{ id: string }>(client.executionsApi, "createExecution", "sdk.team", "hello", false, tenant, {});
  let state = "";
  let ended: { state: { current: string }; taskRunList: { taskId: string; outputs?: Record<string, unknown> }[] } | undefined;
  for (let i = 0; i < 100 && !["SUCCESS", "FAILED", "WARNING", "KILLED"].includes(state); i++) {
    await new Promise((r) => setTimeout(r, 300));
    ended = (await call<NonNullable<typeof ended>>(client.executionsApi, "getExecution", execution.data.id, tenant)).data;
    state = ended.state.current;
  }
  expect(state).toBe("SUCCESS");
  expect(ended?.taskRunList.find((r) => r.taskId === "out")?.outputs?.value).toBe("select 1");
});
