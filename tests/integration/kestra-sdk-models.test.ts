import { beforeAll, describe, expect, test } from "vitest";
import { newId } from "@/lib/ids";
import { basicAuth, seedTenant, seedUser, uniqueTenantId } from "../helpers/seed";
import { call, loadRoutes, type Method, type RouteFile } from "../helpers/routes";

/**
 * Issue 12, item 5: Kestra's published clients send their full models. Each request body
 * below carries every field of the model that kestra-io/client-sdk's JavaScript SDK
 * (javascript-sdk/src/model/*.js) sends to the route; each must be accepted as sent, and a
 * field that no Kestra model has must still be a 422 naming it.
 */

let routes: RouteFile[];
let tenantId: string;
let superadmin: string;
let memberId: string;

beforeAll(async () => {
  routes = await loadRoutes(() => true);
  tenantId = (await seedTenant(uniqueTenantId("sdk"))).id;
  superadmin = basicAuth((await seedUser({ superAdmin: true })).email);
  memberId = (await seedUser({ access: [tenantId] })).id;
});

type Model = { model: string; route: string; method: Method; params?: () => Promise<Record<string, string>> | Record<string, string>; body: () => Promise<unknown> | unknown };

const post = async (route: string, body: unknown, params: Record<string, string> = {}) => {
  const res = await call(routes.find((r) => r.pattern === route)!, "POST", { params: { tenant: tenantId, ...params }, auth: superadmin, body });
  expect(res.status, res.text).toBeLessThan(300);
  return res.json as { id: string };
};

const ALL_PERMISSIONS = {
  FLOW: ["READ"], BLUEPRINT: ["READ"], TEMPLATE: [], NAMESPACE: ["READ"], EXECUTION: ["READ", "CREATE"], USER: ["READ"], GROUP: ["READ"], ROLE: [], BINDING: [],
  AUDITLOG: [], SECRET: [], KVSTORE: ["READ"], IMPERSONATE: [], SETTING: [], INFRASTRUCTURE: [], APP: [], APPEXECUTION: [], TEST: [], DASHBOARD: [],
  TENANT_ACCESS: [], SERVICE_ACCOUNT: ["READ"], INVITATION: [], GROUP_MEMBERSHIP: [], UNKNOWN: [],
};

const MODELS: Model[] = [
  {
    model: "Tenant (TenantsApi.create)",
    route: "tenants",
    method: "POST",
    body: () => ({
      id: uniqueTenantId("sdk-new"), name: "From the SDK", deleted: false, storageIsolation: null, secretIsolation: null, workerGroup: null, storageType: null,
      storageConfiguration: {}, secretType: null, secretReadOnly: false, secretConfiguration: {}, requireExistingNamespace: false, outputsInInternalStorage: true,
    }),
  },
  {
    model: "Tenant (TenantsApi.update)",
    route: "tenants/[id]",
    method: "PUT",
    params: async () => ({ id: (await post("tenants", { id: uniqueTenantId("sdk-upd"), name: "Before" })).id }),
    body: () => ({ name: "After", deleted: false, storageIsolation: null, workerGroup: null, storageType: "local", storageConfiguration: {}, requireExistingNamespace: false, outputsInInternalStorage: false }),
  },
  {
    model: "IAMUserControllerApiCreateOrUpdateUserRequest (UsersApi.createUser)",
    route: "users",
    method: "POST",
    body: () => ({ tenants: [tenantId], groups: [], firstName: "Ada", lastName: "L", email: `sdk-${newId(6).toLowerCase()}@example.test`, password: "a long password", superAdmin: false, restricted: false }),
  },
  {
    model: "IAMUserControllerApiCreateOrUpdateUserRequest (UsersApi.updateUser)",
    route: "users/[id]",
    method: "PUT",
    params: async () => ({ id: (await seedUser()).id }),
    body: () => ({ tenants: [], groups: [], firstName: "Grace", lastName: "H", restricted: true, superAdmin: false }),
  },
  {
    model: "CreateApiTokenRequest (UsersApi.createApiTokensForUser)",
    route: "users/[id]/api-tokens",
    method: "POST",
    params: async () => ({ id: (await seedUser()).id }),
    body: () => ({ name: "sdk", description: "from the SDK", maxAge: "PT720H", extended: false }),
  },
  {
    model: "IAMRoleControllerApiRoleCreateOrUpdateRequest (RolesApi.createRole)",
    route: "[tenant]/roles",
    method: "POST",
    body: () => ({ name: `sdk role ${newId(4)}`, description: "all resources listed", permissions: ALL_PERMISSIONS, isDefault: false }),
  },
  {
    model: "IAMRoleControllerApiRoleCreateOrUpdateRequest (RolesApi.updateRole)",
    route: "[tenant]/roles/[id]",
    method: "PUT",
    params: async () => ({ id: (await post("[tenant]/roles", { name: `r ${newId(4)}`, permissions: {} })).id }),
    body: () => ({ name: `sdk role ${newId(4)}`, description: null, permissions: ALL_PERMISSIONS, isDefault: false }),
  },
  {
    model: "IAMBindingControllerApiCreateBindingRequest (BindingsApi.createBinding)",
    route: "[tenant]/bindings",
    method: "POST",
    body: () => ({ type: "USER", externalId: memberId, roleId: "viewer", namespaceId: "company.team" }),
  },
  {
    model: "IAMGroupControllerApiCreateGroupRequest (GroupsApi.createGroup)",
    route: "[tenant]/groups",
    method: "POST",
    body: () => ({ name: `sdk group ${newId(4)}`, description: "d", membersId: [memberId] }),
  },
  {
    model: "IAMGroupControllerApiUpdateGroupRequest (GroupsApi.updateGroup)",
    route: "[tenant]/groups/[id]",
    method: "PUT",
    params: async () => ({ id: (await post("[tenant]/groups", { name: `g ${newId(4)}` })).id }),
    body: () => ({ name: `renamed ${newId(4)}`, description: "d" }),
  },
  {
    model: "IAMServiceAccountControllerApiServiceAccountRequest (ServiceAccountApi.createServiceAccountForTenant)",
    route: "[tenant]/service-accounts",
    method: "POST",
    body: () => ({ name: `sdk-bot-${newId(4)}`, description: "d", superAdmin: false, groups: [] }),
  },
  {
    model: "IAMServiceAccountControllerApiServiceAccountRequest (ServiceAccountApi.updateServiceAccount)",
    route: "[tenant]/service-accounts/[id]",
    method: "PUT",
    params: async () => ({ id: (await post("[tenant]/service-accounts", { name: `b-${newId(4)}` })).id }),
    body: () => ({ name: `sdk-bot-${newId(4)}`, description: "d", superAdmin: false, groups: [] }),
  },
  {
    model: "CreateApiTokenRequest (ServiceAccountApi.createApiTokensForServiceAccountWithTenant)",
    route: "[tenant]/service-accounts/[id]/api-tokens",
    method: "POST",
    params: async () => ({ id: (await post("[tenant]/service-accounts", { name: `b-${newId(4)}` })).id }),
    body: () => ({ name: "sdk", description: "d", maxAge: "P30D", extended: false }),
  },
  {
    model: "IAMInvitationControllerApiInvitationCreateRequest (InvitationsApi.createInvitation)",
    route: "[tenant]/invitations",
    method: "POST",
    body: async () => ({
      email: `sdk-${newId(6).toLowerCase()}@example.test`,
      createUserIfNotExist: false,
      superAdmin: false,
      roles: [{ id: "viewer", namespaces: ["company.team"] }, { id: "launcher", namespaces: [] }],
      groups: [(await post("[tenant]/groups", { name: `g ${newId(4)}` })).id],
    }),
  },
  {
    model: "Namespace (NamespacesApi.updateNamespace)",
    route: "[tenant]/namespaces/[namespace]",
    method: "PUT",
    params: () => ({ namespace: "company.team" }),
    body: () => ({
      id: "company.team", deleted: false, storageIsolation: null, secretIsolation: null, description: "team", variables: {}, pluginDefaults: [],
      allowedNamespaces: [{ namespace: "company.other" }], workerGroup: null, storageType: null, storageConfiguration: {}, secretType: null,
      secretReadOnly: false, secretConfiguration: {}, outputsInInternalStorage: false,
    }),
  },
];

describe("Kestra's SDK models are accepted as sent", () => {
  for (const m of MODELS) {
    test(`${m.method} ${m.route}: ${m.model}`, async () => {
      const params = { tenant: tenantId, ...(m.params ? await m.params() : {}) };
      const res = await call(routes.find((r) => r.pattern === m.route)!, m.method, { params, auth: superadmin, body: await m.body() });
      expect(res.status, res.text).toBeLessThan(300);
    });
    test(`${m.method} ${m.route}: a field no Kestra model has is a 422 naming it`, async () => {
      const params = { tenant: tenantId, ...(m.params ? await m.params() : {}) };
      const res = await call(routes.find((r) => r.pattern === m.route)!, m.method, { params, auth: superadmin, body: { ...((await m.body()) as object), notAKestraField: 1 } });
      expect(res.status, res.text).toBe(422);
      expect(res.text).toContain("notAKestraField");
    });
  }

  test("fields honoured: a group's membersId, an invitation's roles and groups; flags we cannot grant are refused", async () => {
    const group = await post("[tenant]/groups", { name: `members ${newId(4)}`, membersId: [memberId] });
    const members = await call(routes.find((r) => r.pattern === "[tenant]/groups/[id]/members")!, "GET", { params: { tenant: tenantId, id: group.id }, auth: superadmin });
    expect(members.json).toMatchObject({ total: 1, results: [{ id: memberId }] });

    const invitation = await post("[tenant]/invitations", { email: "kestra-shape@example.test", roles: [{ id: "viewer", namespaces: ["a", "b"] }, { id: "launcher" }], groups: [group.id] });
    expect((invitation as unknown as { bindings: unknown[] }).bindings).toEqual([
      { roleId: "viewer", namespaceId: "a" },
      { roleId: "viewer", namespaceId: "b" },
      { roleId: "launcher", namespaceId: null },
      { groupId: group.id },
    ]);

    const role = await post("[tenant]/roles", { name: `kestra ${newId(4)}`, permissions: ALL_PERMISSIONS });
    expect((role as unknown as { permissions: Record<string, unknown> }).permissions).not.toHaveProperty("BLUEPRINT");
    expect((role as unknown as { permissions: Record<string, unknown> }).permissions).toMatchObject({ FLOW: ["READ"], SERVICE_ACCOUNT: ["READ"] });

    for (const [route, body, field] of [
      ["tenants", { id: uniqueTenantId("x"), name: "x", deleted: true }, "deleted"],
      ["[tenant]/service-accounts", { name: `x-${newId(4)}`, superAdmin: true }, "superAdmin"],
      ["[tenant]/service-accounts", { name: `x-${newId(4)}`, groups: [{ id: group.id }] }, "groups"],
      ["[tenant]/invitations", { email: "x@example.test", superAdmin: true }, "superAdmin"],
    ] as const) {
      const res = await call(routes.find((r) => r.pattern === route)!, "POST", { params: { tenant: tenantId }, auth: superadmin, body });
      expect(res.status, `${route}: ${res.text}`).toBe(422);
      expect(res.text).toContain(field);
    }
  });
});
