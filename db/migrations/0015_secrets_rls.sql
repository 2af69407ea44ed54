-- Custom SQL migration file, put your code below! --
-- Row-level security for secrets, their data keys and namespace files (DESIGN.md invariant 1).
ALTER TABLE "secret_keys" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "secret_keys" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "secret_keys"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE "secrets" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "secrets" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "secrets"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE "namespace_files" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "namespace_files" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "namespace_files"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
