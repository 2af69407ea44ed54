-- Custom SQL migration file, put your code below! --

-- Row-level security for internal storage kept in PostgreSQL (DESIGN.md invariant 1).
-- switchyard_app gets SELECT, INSERT, UPDATE, DELETE through the default privileges of 0001.
ALTER TABLE "storage_objects" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "storage_objects" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "storage_objects"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
