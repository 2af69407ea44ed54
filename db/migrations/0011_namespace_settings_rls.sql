-- Custom SQL migration file, put your code below! --
-- Row-level security for namespace settings (DESIGN.md invariant 1).
ALTER TABLE "namespace_settings" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "namespace_settings" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "namespace_settings"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
-- Credentials out of reach of tenant work (issue 10, finding 7): switchyard_app (every
-- withTenant transaction) may read users' names and e-mails but not their password
-- hashes, and nothing of api_tokens or login_failures. The auth path and instance pages
-- run as switchyard_auth: switchyard_app's rights (row-level security still applies)
-- plus the credential tables.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchyard_auth') THEN
    CREATE ROLE switchyard_auth NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;
--> statement-breakpoint
GRANT switchyard_auth TO CURRENT_USER;
--> statement-breakpoint
GRANT switchyard_app TO switchyard_auth;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO switchyard_auth;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "users", "api_tokens", "login_failures" TO switchyard_auth;
--> statement-breakpoint
REVOKE ALL ON "users", "api_tokens", "login_failures" FROM switchyard_app;
--> statement-breakpoint
GRANT SELECT ("id", "email", "first_name", "last_name", "super_admin", "created_at", "updated_at") ON "users" TO switchyard_app;
