-- Custom SQL migration file, put your code below! --

-- Row-level security for flow-trigger condition state (DESIGN.md invariant 1).
ALTER TABLE "flow_trigger_conditions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "flow_trigger_conditions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "flow_trigger_conditions"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
