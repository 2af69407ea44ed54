DROP INDEX "triggers_due_idx";--> statement-breakpoint
CREATE INDEX "triggers_tenant_due_idx" ON "triggers" USING btree ("tenant_id","next_execution_date") WHERE next_execution_date is not null;