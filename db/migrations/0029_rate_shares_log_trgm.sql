-- Rate limits shared by every web process (lib/api/rate-limit.ts). Each process publishes,
-- about once a second, a heartbeat and the requests it saw per tenant and limit family; each
-- then takes its share of a tenant's rate in proportion to its part of that demand. UNLOGGED:
-- nothing here outlives a few seconds, so it needs no WAL and a crash may lose it.
CREATE UNLOGGED TABLE "rate_processes" (
	"process_id" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNLOGGED TABLE "rate_usage" (
	"tenant_id" text NOT NULL,
	"family" text NOT NULL,
	"process_id" text NOT NULL,
	"demand" integer NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_usage_tenant_id_family_process_id_pk" PRIMARY KEY("tenant_id","family","process_id")
);
--> statement-breakpoint
ALTER TABLE "rate_usage" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "rate_usage" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON "rate_usage"
  USING (tenant_id = current_setting('app.tenant_id', true))
  WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
--> statement-breakpoint
-- A process publishes every tenant's counts in one statement through the cross-tenant
-- door (switchyard_worker): counts and process ids only, no tenant data.
GRANT SELECT, INSERT, UPDATE, DELETE ON "rate_usage", "rate_processes" TO switchyard_worker;
--> statement-breakpoint
CREATE POLICY rate_shares ON "rate_usage" TO switchyard_worker
  USING (true)
  WITH CHECK (true);
