import { cache } from "react";
import { notFound } from "next/navigation";
import { withTenant } from "@/db/tenant";
import { getFlowRevision } from "@/db/queries/flows";
import { readExecution } from "@/lib/server/executions";
import type { Execution } from "@/engine/executor/types";
import { decodeParam } from "./params";
import { onResumeInputs } from "@/lib/server/executions/resume-inputs";

/** An `onResume` input of a Pause task, as the resume form shows it. */
export type ResumeInput = { id: string; type: string; description?: string; required?: boolean; defaults?: unknown };
import { getTenantPage, type TenantPage } from "./tenant";

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export type ExecutionPage = {
  page: TenantPage;
  execution: Execution;
  can: { update: boolean; create: boolean; delete: boolean };
};

/**
 * The execution an `/ui/{tenant}/executions/{ns}/{flow}/{id}` URL points at, read inside
 * the tenant, or null: an unknown id, another tenant's id and a namespace the user cannot
 * read all look the same. The layout (before any streaming, so the status is a real 404)
 * and the tab pages share one read per request.
 */
export const findExecutionPage = cache(async (tenantId: string, rawId: string): Promise<ExecutionPage | null> => {
  const page = await getTenantPage(tenantId);
  const id = decodeParam(rawId);
  if (!ID_RE.test(id) || !page.can("EXECUTION", "READ")) return null;
  const execution = await readExecution(page.tenantId, id);
  if (!execution || !page.can("EXECUTION", "READ", execution.namespace)) return null;
  return {
    page,
    execution,
    can: {
      update: page.can("EXECUTION", "UPDATE", execution.namespace),
      create: page.can("EXECUTION", "CREATE", execution.namespace),
      delete: page.can("EXECUTION", "DELETE", execution.namespace),
    },
  };
});

/** `findExecutionPage` for a tab page: its params, or the not-found page. */
export async function getExecutionPage(params: Promise<{ tenantId: string; executionId: string }>): Promise<ExecutionPage> {
  const { tenantId, executionId } = await params;
  const found = await findExecutionPage(tenantId, executionId);
  if (!found) notFound();
  return found;
}

/** The flow definition of the revision this execution ran (null once that revision is gone). */
export const getExecutionDefinition = cache(async (tenantId: string, executionId: string): Promise<Record<string, unknown> | null> => {
  const found = await findExecutionPage(tenantId, executionId);
  if (!found) return null;
  const { page, execution } = found;
  const revision = await withTenant(page.ctx, (tx) => getFlowRevision(tx, { namespace: execution.namespace, id: execution.flowId, revision: execution.flowRevision }));
  return (revision?.definition as Record<string, unknown> | undefined) ?? null;
});

/** The `onResume` inputs of the flow's Pause tasks by task id, as the header's resume form takes them. */
export function pauseInputsByTask(definition: Record<string, unknown> | null): Record<string, ResumeInput[]> {
  return onResumeInputs(definition) as unknown as Record<string, ResumeInput[]>;
}
