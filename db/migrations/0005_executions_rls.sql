-- Row-level security for executions, logs, work items and the KV store (invariant 1).
ALTER TABLE "executions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "executions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "executions"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE "logs" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "logs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "logs"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO switchyard_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO switchyard_app;
--> statement-breakpoint
ALTER TABLE "kv_entries" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "kv_entries" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "kv_entries"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
ALTER TABLE "work_items" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "work_items" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "work_items"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
-- The queue door leases across tenants as switchyard_worker: a role that may read and
-- update work_items only (ids and lease times, no tenant data) and nothing else.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchyard_worker') THEN
    CREATE ROLE switchyard_worker NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END
$$;
--> statement-breakpoint
GRANT switchyard_worker TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO switchyard_worker;
--> statement-breakpoint
GRANT SELECT, UPDATE ON "work_items" TO switchyard_worker;
--> statement-breakpoint
CREATE POLICY worker_lease ON "work_items" TO switchyard_worker
  USING (true)
  WITH CHECK (true);
