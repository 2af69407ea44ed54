import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { withInstance } from "@/db/tenant";
import { findUsers } from "@/db/queries/users";
import { CreateUserForm } from "@/components/admin/user-forms";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Users } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Badge, Panel, TableWrap } from "@/components/ui/panel";
import { SearchForm } from "@/components/ui/search-form";
import { displayName, formatDateTime } from "@/lib/ui/format";
import { requireSuperadmin } from "@/lib/ui/session";

export const metadata: Metadata = { title: "Users · Administration" };

const SIZE = 50;
const query = z.object({ q: z.string().max(200).optional().catch(undefined), page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const me = await requireSuperadmin();
  const { q, page } = query.parse(await searchParams);
  const { results, total } = await withInstance((tx) => findUsers(tx, { q: q || undefined, page, size: SIZE }));
  return (
    <>
      <PageHeader title="Users" description="Accounts of this instance. A user enters a tenant once granted access there, with the roles bound to them." />
      <Panel className="mb-4" title="Create user">
        <CreateUserForm />
      </Panel>
      <Panel title={`All users (${total})`} actions={<SearchForm action="/admin/users" q={q} placeholder="Filter by email or name" />}>
        {results.length === 0 ? (
          <EmptyState icon={<Users />} title={`No user matches “${q ?? ""}”`}>
            Try another email or name.
          </EmptyState>
        ) : (
          <TableWrap>
            <table className="data-table" data-testid="users">
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col" className="hidden sm:table-cell">Created</th>
                  <th scope="col" className="w-0">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {results.map((u) => (
                  <tr key={u.id} data-user={u.email}>
                    <td className="py-2">
                      <div className="flex items-center gap-2 font-medium">
                        {displayName(u)}
                        {u.superAdmin && <Badge tone="brand">Superadmin</Badge>}
                        {u.id === me.id && <Badge>You</Badge>}
                      </div>
                      <div className="text-[12px] text-zinc-500">{u.email}</div>
                    </td>
                    <td className="hidden whitespace-nowrap text-zinc-600 sm:table-cell">{formatDateTime(u.createdAt)}</td>
                    <td className="text-right">
                      <Link href={`/admin/users/${u.id}`} className={buttonClass("secondary", "sm")} aria-label={`Tenant access of ${u.email}`}>
                        Tenant access
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {total > SIZE && <Pagination basePath="/admin/users" page={page} size={SIZE} total={total} params={q ? { q } : undefined} />}
      </Panel>
    </>
  );
}
