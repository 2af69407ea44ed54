CREATE TABLE "namespace_settings" (
	"tenant_id" text NOT NULL,
	"namespace" text NOT NULL,
	"allowed_namespaces" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"description" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "namespace_settings_tenant_id_namespace_pk" PRIMARY KEY("tenant_id","namespace")
);
--> statement-breakpoint
ALTER TABLE "namespace_settings" ADD CONSTRAINT "namespace_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;
