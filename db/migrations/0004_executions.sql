CREATE TABLE "executions" (
	"tenant_id" text NOT NULL,
	"id" text NOT NULL,
	"namespace" text NOT NULL,
	"flow_id" text NOT NULL,
	"flow_revision" integer NOT NULL,
	"state" text NOT NULL,
	"start_date" timestamp with time zone NOT NULL,
	"end_date" timestamp with time zone,
	"labels" jsonb NOT NULL,
	"parent_id" text,
	"original_id" text,
	"document" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "executions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "kv_entries" (
	"tenant_id" text NOT NULL,
	"namespace" text NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	CONSTRAINT "kv_entries_tenant_id_namespace_key_pk" PRIMARY KEY("tenant_id","namespace","key")
);
--> statement-breakpoint
CREATE TABLE "logs" (
	"tenant_id" text NOT NULL,
	"execution_id" text NOT NULL,
	"seq" bigserial NOT NULL,
	"namespace" text NOT NULL,
	"flow_id" text NOT NULL,
	"task_id" text,
	"task_run_id" text,
	"attempt_number" integer,
	"trigger_id" text,
	"timestamp" timestamp (3) with time zone NOT NULL,
	"level" text NOT NULL,
	"message" text NOT NULL,
	CONSTRAINT "logs_tenant_id_execution_id_seq_pk" PRIMARY KEY("tenant_id","execution_id","seq")
);
--> statement-breakpoint
CREATE TABLE "work_items" (
	"tenant_id" text NOT NULL,
	"execution_id" text NOT NULL,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"lease_owner" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"requests" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "work_items_tenant_id_execution_id_pk" PRIMARY KEY("tenant_id","execution_id")
);
--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kv_entries" ADD CONSTRAINT "kv_entries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logs" ADD CONSTRAINT "logs_tenant_id_execution_id_executions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","execution_id") REFERENCES "public"."executions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_items" ADD CONSTRAINT "work_items_tenant_id_execution_id_executions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","execution_id") REFERENCES "public"."executions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "executions_tenant_start_idx" ON "executions" USING btree ("tenant_id","start_date");--> statement-breakpoint
CREATE INDEX "executions_tenant_flow_idx" ON "executions" USING btree ("tenant_id","namespace","flow_id","start_date");--> statement-breakpoint
CREATE INDEX "executions_tenant_state_idx" ON "executions" USING btree ("tenant_id","state");--> statement-breakpoint
CREATE INDEX "logs_tenant_time_idx" ON "logs" USING btree ("tenant_id","timestamp");--> statement-breakpoint
CREATE INDEX "work_items_due_idx" ON "work_items" USING btree ("run_at");