-- Custom SQL migration file, put your code below! --

-- Row-level security for trigger state (DESIGN.md invariant 1).
ALTER TABLE "triggers" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "triggers" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "triggers"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
-- Schedulers find due triggers across tenants as switchyard_worker, which sees the keys and
-- times only (no definitions, no backfill inputs) and may write the lease alone. The fire
-- itself happens in the trigger's tenant, as switchyard_app.
GRANT SELECT ("tenant_id", "namespace", "flow_id", "trigger_id", "next_execution_date", "lock_owner", "lock_until") ON "triggers" TO switchyard_worker;
--> statement-breakpoint
GRANT UPDATE ("lock_owner", "lock_until") ON "triggers" TO switchyard_worker;
--> statement-breakpoint
CREATE POLICY scheduler_lease ON "triggers" TO switchyard_worker
  USING (true)
  WITH CHECK (true);
