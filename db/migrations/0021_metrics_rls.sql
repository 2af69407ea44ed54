-- Custom SQL migration file, put your code below! --

-- Row-level security for task-run metrics (DESIGN.md invariant 1).
ALTER TABLE "metrics" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "metrics" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "metrics"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
