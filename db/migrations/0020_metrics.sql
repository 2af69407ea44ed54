CREATE TABLE "metrics" (
	"tenant_id" text NOT NULL,
	"execution_id" text NOT NULL,
	"seq" bigserial NOT NULL,
	"namespace" text NOT NULL,
	"flow_id" text NOT NULL,
	"task_id" text,
	"task_run_id" text,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"value" double precision NOT NULL,
	"tags" jsonb NOT NULL,
	"timestamp" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "metrics_tenant_id_execution_id_seq_pk" PRIMARY KEY("tenant_id","execution_id","seq")
);
--> statement-breakpoint
ALTER TABLE "metrics" ADD CONSTRAINT "metrics_tenant_id_execution_id_executions_tenant_id_id_fk" FOREIGN KEY ("tenant_id","execution_id") REFERENCES "public"."executions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "metrics_tenant_flow_idx" ON "metrics" USING btree ("tenant_id","namespace","flow_id","name","timestamp");