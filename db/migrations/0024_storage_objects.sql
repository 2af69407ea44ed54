CREATE TABLE "storage_objects" (
	"tenant_id" text NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"content" "bytea" NOT NULL,
	"size" bigint NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "storage_objects_tenant_id_key_pk" PRIMARY KEY("tenant_id","key")
);
