-- Custom SQL migration file, put your code below! --

-- Row-level security for the per-tenant storage usage counter (DESIGN.md invariant 1).
ALTER TABLE "storage_usage" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "storage_usage" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "storage_usage"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
