-- The executions list sorted by duration (Kestra's `state.duration`): one tenant's rows in order, tenant_id first.
CREATE INDEX IF NOT EXISTS "executions_tenant_duration_idx" ON "executions" USING btree ("tenant_id",(end_date - start_date),"id");
