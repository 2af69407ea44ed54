CREATE TABLE "flow_revisions" (
	"tenant_id" text NOT NULL,
	"namespace" text NOT NULL,
	"flow_id" text NOT NULL,
	"revision" integer NOT NULL,
	"source" text NOT NULL,
	"definition" jsonb NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"author_id" text,
	CONSTRAINT "flow_revisions_tenant_id_namespace_flow_id_revision_pk" PRIMARY KEY("tenant_id","namespace","flow_id","revision")
);
--> statement-breakpoint
CREATE TABLE "flows" (
	"tenant_id" text NOT NULL,
	"namespace" text NOT NULL,
	"id" text NOT NULL,
	"revision" integer NOT NULL,
	"source" text NOT NULL,
	"definition" jsonb NOT NULL,
	"description" text,
	"labels" jsonb NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flows_tenant_id_namespace_id_pk" PRIMARY KEY("tenant_id","namespace","id")
);
--> statement-breakpoint
ALTER TABLE "flow_revisions" ADD CONSTRAINT "flow_revisions_tenant_id_namespace_flow_id_flows_tenant_id_namespace_id_fk" FOREIGN KEY ("tenant_id","namespace","flow_id") REFERENCES "public"."flows"("tenant_id","namespace","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flows" ADD CONSTRAINT "flows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "flows_tenant_live_idx" ON "flows" USING btree ("tenant_id","deleted","namespace","id");