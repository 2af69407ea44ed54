import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { withTenant } from "@/db/tenant";

test("role and tenant are set locally", async () => {
  const rows = await withTenant({ tenantId: "abc" }, (tx) =>
    tx.execute(sql`select current_user as u, current_setting('app.tenant_id', true) as t`),
  );
  console.log(rows);
});
