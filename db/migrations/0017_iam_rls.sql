-- Custom SQL migration file, put your code below! --

-- Row-level security for groups, service accounts and invitations (DESIGN.md invariant 1).
ALTER TABLE "groups" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "groups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "groups"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE "group_members" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "group_members" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "group_members"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE "service_accounts" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "service_accounts" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "service_accounts"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE "service_account_tokens" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "service_account_tokens" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "service_account_tokens"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE "invitations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "invitations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "invitations"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
-- Service-account token hashes are credentials: tenant work (switchyard_app) may list a
-- service account's tokens (names, prefixes, dates) and issue or revoke them, never read a
-- hash; the caller resolution (switchyard_auth, inside the URL's tenant) looks them up.
REVOKE ALL ON "service_account_tokens" FROM switchyard_app;
--> statement-breakpoint
GRANT SELECT ("tenant_id", "id", "service_account_id", "name", "description", "prefix", "created_at", "expires_at", "last_used_at") ON "service_account_tokens" TO switchyard_app;
--> statement-breakpoint
GRANT INSERT, DELETE ON "service_account_tokens" TO switchyard_app;
--> statement-breakpoint
GRANT SELECT, UPDATE ON "service_account_tokens" TO switchyard_auth;
--> statement-breakpoint
-- The invited person reads their own pending invitations across tenants, from the door
-- without a tenant (withUser, as switchyard_auth) only: inside a tenant transaction this
-- policy never widens what the tenant sees.
CREATE POLICY own_invitations ON "invitations" FOR SELECT TO switchyard_auth
  USING (
    coalesce(current_setting('app.tenant_id', true), '') = ''
    AND lower(email) = (SELECT lower(u.email) FROM users u WHERE u.id = current_setting('app.user_id', true))
  );
--> statement-breakpoint
-- The managed roles of existing tenants gain the new resources, as new tenants get them
-- (lib/permissions.ts): Admin everything, Editor READ. Each tenant's rows are updated
-- inside that tenant (row-level security is forced, even for the owner).
DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', t.id, true);
    UPDATE roles SET permissions = permissions || '{"GROUP":["READ","CREATE","UPDATE","DELETE"],"SERVICE_ACCOUNT":["READ","CREATE","UPDATE","DELETE"]}'::jsonb
      WHERE tenant_id = t.id AND managed AND id = 'admin';
    UPDATE roles SET permissions = permissions || '{"GROUP":["READ"],"SERVICE_ACCOUNT":["READ"]}'::jsonb
      WHERE tenant_id = t.id AND managed AND id = 'editor';
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END
$$;
