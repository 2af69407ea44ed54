import Link from "next/link";
import { withTenant } from "@/db/tenant";
import { findAuditLogs, findBindings, findRoles, listTenantAccess } from "@/db/queries/access";
import { AuditTable } from "@/components/tenant/audit-table";
import { Badge, Panel, Swatch } from "@/components/ui/panel";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { ScrollText, Shield } from "@/components/ui/icons";
import { formatAgo, formatDateTime } from "@/lib/ui/format";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";
import { StateBadge } from "@/components/flows/state-badge";
import { DayChart } from "@/components/executions/day-chart";
import { executionHref, listHref, shortId } from "@/components/executions/model";
import { namespaceScope } from "@/lib/permissions";
import { countInStates, executionsInStates, executionsPerDay, flowAndTriggerCounts } from "@/db/queries/dashboard";

const RUNNING = ["CREATED", "QUEUED", "RUNNING", "PAUSED", "RESTARTED", "KILLING", "RETRYING"];
const FAILURES = ["FAILED", "KILLED"];

type Row = { id: string; namespace: string; flowId: string; state: string; startDate: Date };

function ExecutionRows({ tenantId, rows, empty }: { tenantId: string; rows: Row[]; empty: string }) {
  if (rows.length === 0) return <p className="px-4 py-4 text-[13px] text-zinc-500">{empty}</p>;
  return (
    <ul className="divide-y divide-zinc-100">
      {rows.map((e) => (
        <li key={e.id} className="flex items-center justify-between gap-2 px-4 py-1.5 text-[13px]">
          <Link href={executionHref(tenantId, e)} className="min-w-0 truncate hover:underline">
            <span className="text-zinc-500">{e.namespace}/</span>
            <span className="font-medium">{e.flowId}</span> <span className="font-mono text-[11px] text-zinc-400">{shortId(e.id)}</span>
          </Link>
          <span className="flex shrink-0 items-center gap-2">
            <span className="text-[11px] whitespace-nowrap text-zinc-500" title={formatDateTime(e.startDate)}>{formatAgo(e.startDate)}</span>
            <StateBadge state={e.state} />
          </span>
        </li>
      ))}
    </ul>
  );
}

export const generateMetadata = tenantMetadata("Dashboard");

function Stat({ label, value, href }: { label: string; value: number | null; href?: string }) {
  const body = (
    <>
      <div className="truncate text-[12px] text-zinc-500">{label}</div>
      <div className="mt-0.5 text-xl font-semibold tabular-nums sm:mt-1 sm:text-2xl">{value ?? "—"}</div>
    </>
  );
  return href && value !== null ? (
    <Link href={href} className="block rounded-lg border border-zinc-200 bg-white px-3 py-2.5 shadow-xs hover:border-zinc-300 sm:px-4 sm:py-3">
      {body}
    </Link>
  ) : (
    <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2.5 shadow-xs sm:px-4 sm:py-3">{body}</div>
  );
}

export default async function TenantDashboard({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const { tenant, can, user } = page;
  const base = `/ui/${tenant.id}`;

  const data = await withTenant(page.ctx, async (tx) => {
    const roles = (await findRoles(tx, { page: 1, size: 500 })).results;
    const bindings = (await findBindings(tx, { page: 1, size: 1000 })).results;
    const members = can("TENANT_ACCESS", "READ") ? (await listTenantAccess(tx)).length : null;
    const audit = can("AUDITLOG", "READ") ? (await findAuditLogs(tx, { page: 1, size: 8 })).results : null;
    const exScope = can("EXECUTION", "READ") ? namespaceScope(page.grants, "EXECUTION", "READ") : undefined;
    const flowScope = can("FLOW", "READ") ? namespaceScope(page.grants, "FLOW", "READ") : undefined;
    const runs =
      exScope === undefined
        ? null
        : {
            perDay: await executionsPerDay(tx, { days: 14, scope: exScope }),
            running: await executionsInStates(tx, { states: RUNNING, scope: exScope, limit: 6 }),
            runningCount: await countInStates(tx, { states: RUNNING, scope: exScope }),
            failures: await executionsInStates(tx, { states: FAILURES, scope: exScope, limit: 6 }),
          };
    const counts = flowScope === undefined ? null : await flowAndTriggerCounts(tx, { scope: flowScope });
    return { roles, bindings, members, audit, runs, counts };
  });
  const roleName = new Map(data.roles.map((r) => [r.id, r.name]));
  // Only what the user's grants let them open: a panel they cannot use is noise.
  const accessStats = [
    data.members === null ? null : { label: "Members", value: data.members, href: `${base}/access` },
    can("ROLE", "READ") ? { label: "Roles", value: data.roles.length, href: `${base}/roles` } : null,
    can("BINDING", "READ") ? { label: "Bindings", value: data.bindings.length, href: `${base}/access` } : null,
  ].filter((stat) => stat !== null);
  const mine = data.bindings.filter((b) => b.type === "USER" && b.externalId === user.id);

  return (
    <>
      <PageHeader
        eyebrow="Dashboard"
        title={
          <span className="flex items-center gap-2">
            <Swatch color={tenant.color} className="size-3.5" />
            {tenant.name}
          </span>
        }
        description={
          <>
            Tenant <code className="rounded bg-zinc-100 px-1">{tenant.id}</code> · created {formatDateTime(tenant.createdAt)}
          </>
        }
      />
      {(data.counts || data.runs) && (
        <div className="mb-2 grid grid-cols-3 gap-2 sm:mb-3 sm:gap-3">
          {data.counts && <Stat label="Flows" value={data.counts.flows} href={`${base}/flows`} />}
          {data.counts && <Stat label="Triggers" value={data.counts.triggers} href={`${base}/flows`} />}
          {data.runs && (
            <Stat label="Running now" value={data.runs.runningCount} href={listHref(`${base}/executions`, { state: ["RUNNING", "PAUSED", "CREATED", "QUEUED"] })} />
          )}
        </div>
      )}
      {data.runs && (
        <div className="mb-4 grid grid-cols-1 gap-4 lg:grid-cols-3">
          <Panel
            className="lg:col-span-2"
            title="Executions, last 14 days"
            description="Per day (UTC), by final state. A bar opens that day's executions."
            actions={
              <Link href={`${base}/executions?range=7d`} className="text-[12px] text-zinc-600 hover:text-zinc-900 hover:underline">
                All executions
              </Link>
            }
          >
            <DayChart tenantId={tenant.id} data={data.runs.perDay} />
          </Panel>
          <div className="space-y-4">
            <Panel title="Running now">
              <ExecutionRows tenantId={tenant.id} rows={data.runs.running} empty="Nothing is running." />
            </Panel>
            <Panel
              title="Recent failures"
              actions={
                <Link href={listHref(`${base}/executions`, { state: ["FAILED", "KILLED"] })} className="text-[12px] text-zinc-600 hover:text-zinc-900 hover:underline">
                  All failures
                </Link>
              }
            >
              <ExecutionRows tenantId={tenant.id} rows={data.runs.failures} empty="No failed execution." />
            </Panel>
          </div>
        </div>
      )}
      {accessStats.length > 0 && (
        <div className="grid grid-cols-3 gap-2 sm:gap-3">
          {accessStats.map((stat) => (
            <Stat key={stat.label} {...stat} />
          ))}
        </div>
      )}

      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-3">
        {data.audit !== null && (
          <Panel
            className="lg:col-span-2"
            title="Recent activity"
            description="Changes to access, roles and bindings in this tenant."
            actions={
              data.audit.length > 0 ? (
                <Link href={`${base}/audit-logs`} className="text-[12px] text-zinc-600 hover:text-zinc-900 hover:underline">
                  View the audit log
                </Link>
              ) : undefined
            }
          >
            {data.audit.length === 0 ? (
              <EmptyState icon={<ScrollText />} title="No activity yet">
                Every change to access, roles and bindings in this tenant is recorded here.
              </EmptyState>
            ) : (
              <AuditTable rows={data.audit} compact />
            )}
          </Panel>
        )}

        <Panel className={data.audit === null ? "self-start lg:col-span-3" : "self-start"} title="Your access" description={user.email}>
          <div className="px-4 py-3">
            {user.superAdmin ? (
              <p className="flex items-center gap-2 text-[13px]">
                <Badge tone="brand">Superadmin</Badge> every permission in every tenant
              </p>
            ) : mine.length === 0 ? (
              <div className="text-[13px] text-zinc-600">
                <p className="flex items-center gap-2 font-medium text-zinc-900">
                  <Shield size={14} /> No role yet
                </p>
                <p className="mt-1">You may enter this tenant but hold no role in it. Ask a tenant admin to bind you one.</p>
              </div>
            ) : (
              <ul className="space-y-1.5">
                {mine.map((b) => (
                  <li key={b.id} className="flex items-center justify-between gap-2">
                    <span className="font-medium">{roleName.get(b.roleId) ?? b.roleId}</span>
                    <span className="text-[12px] text-zinc-500">{b.namespaceId ? <code>{b.namespaceId}</code> : "whole tenant"}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </Panel>
      </div>
    </>
  );
}
