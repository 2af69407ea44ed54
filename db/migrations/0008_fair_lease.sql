DROP INDEX "work_items_due_idx";--> statement-breakpoint
CREATE INDEX "work_items_tenant_due_idx" ON "work_items" USING btree ("tenant_id","run_at");
