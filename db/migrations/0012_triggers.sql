CREATE TABLE "triggers" (
	"tenant_id" text NOT NULL,
	"namespace" text NOT NULL,
	"flow_id" text NOT NULL,
	"trigger_id" text NOT NULL,
	"type" text NOT NULL,
	"flow_revision" integer NOT NULL,
	"schedule_key" text,
	"next_execution_date" timestamp with time zone,
	"date" timestamp with time zone,
	"execution_id" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"lock_owner" text,
	"lock_until" timestamp with time zone,
	"backfill" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "triggers_tenant_id_namespace_flow_id_trigger_id_pk" PRIMARY KEY("tenant_id","namespace","flow_id","trigger_id")
);
--> statement-breakpoint
ALTER TABLE "triggers" ADD CONSTRAINT "triggers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triggers" ADD CONSTRAINT "triggers_tenant_id_namespace_flow_id_flows_tenant_id_namespace_id_fk" FOREIGN KEY ("tenant_id","namespace","flow_id") REFERENCES "public"."flows"("tenant_id","namespace","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "triggers_due_idx" ON "triggers" USING btree ("next_execution_date") WHERE next_execution_date is not null;