CREATE TABLE "flow_trigger_conditions" (
	"tenant_id" text NOT NULL,
	"namespace" text NOT NULL,
	"flow_id" text NOT NULL,
	"trigger_id" text NOT NULL,
	"condition_id" text NOT NULL,
	"met" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"window_start" timestamp with time zone,
	"window_end" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flow_trigger_conditions_tenant_id_namespace_flow_id_trigger_id_condition_id_pk" PRIMARY KEY("tenant_id","namespace","flow_id","trigger_id","condition_id")
);
--> statement-breakpoint
ALTER TABLE "flow_trigger_conditions" ADD CONSTRAINT "flow_trigger_conditions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_trigger_conditions" ADD CONSTRAINT "flow_trigger_conditions_tenant_id_namespace_flow_id_flows_tenant_id_namespace_id_fk" FOREIGN KEY ("tenant_id","namespace","flow_id") REFERENCES "public"."flows"("tenant_id","namespace","id") ON DELETE cascade ON UPDATE no action;