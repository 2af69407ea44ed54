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
--> statement-breakpoint
-- Word search in log messages (`q=` of the logs search: message ILIKE '%word%') through a
-- trigram GIN index that leads with the tenant (btree_gin indexes tenant_id inside the GIN),
-- so a tenant's search reads its own lines' trigrams only. Both extensions are trusted
-- contrib modules (PGlite loads them in db/client.ts). Where the server lacks them the
-- search still works, by scanning the tenant's lines: the migration goes on without the index.
--
-- Under row-level security PostgreSQL uses an index for a condition only if its function is
-- LEAKPROOF (else the condition waits until the policy has filtered the rows), and ILIKE's
-- texticlike is not marked so, though it cannot reveal a row: it raises errors only for its
-- pattern (the caller's own constant) or the collation, never for the value it reads. Only
-- a superuser may mark it; when the migrating role is one (the embedded database, most
-- self-hosted servers) it does, otherwise the index exists but the search filters the
-- tenant's lines (through logs_tenant_time_idx) until a superuser runs the ALTER below.
DO $$
BEGIN
  IF (SELECT count(*) FROM pg_available_extensions WHERE name IN ('pg_trgm', 'btree_gin')) = 2 THEN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    CREATE EXTENSION IF NOT EXISTS btree_gin;
    CREATE INDEX IF NOT EXISTS "logs_tenant_message_trgm_idx" ON "logs" USING gin ("tenant_id", "message" gin_trgm_ops);
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
      ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF;
    ELSE
      RAISE NOTICE 'not a superuser: run ALTER FUNCTION pg_catalog.texticlike(text, text) LEAKPROOF as one so that logs search by word uses logs_tenant_message_trgm_idx';
    END IF;
  ELSE
    RAISE NOTICE 'pg_trgm or btree_gin is not available: logs search by word runs without its trigram index';
  END IF;
END
$$;
