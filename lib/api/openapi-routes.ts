/**
 * Every route module under app/api, for the OpenAPI document (lib/api/openapi.ts). Keep it
 * complete: tests/integration/openapi.test.ts walks app/api and fails on a route missing here.
 */

import * as r1 from "@/app/api/health/route";
import * as r2 from "@/app/api/health/live/route";
import * as r3 from "@/app/api/health/ready/route";
import * as r4 from "@/app/api/metrics/route";
import * as r5 from "@/app/api/v1/[tenant]/audit-logs/search/route";
import * as r6 from "@/app/api/v1/[tenant]/bindings/route";
import * as r7 from "@/app/api/v1/[tenant]/bindings/[id]/route";
import * as r8 from "@/app/api/v1/[tenant]/bindings/search/route";
import * as r9 from "@/app/api/v1/[tenant]/executions/[executionId]/route";
import * as r10 from "@/app/api/v1/[tenant]/executions/[executionId]/[id]/route";
import * as r11 from "@/app/api/v1/[tenant]/executions/[executionId]/file/route";
import * as r12 from "@/app/api/v1/[tenant]/executions/[executionId]/file/metas/route";
import * as r13 from "@/app/api/v1/[tenant]/executions/[executionId]/follow/route";
import * as r14 from "@/app/api/v1/[tenant]/executions/[executionId]/kill/route";
import * as r15 from "@/app/api/v1/[tenant]/executions/[executionId]/labels/route";
import * as r16 from "@/app/api/v1/[tenant]/executions/[executionId]/replay/route";
import * as r17 from "@/app/api/v1/[tenant]/executions/[executionId]/restart/route";
import * as r18 from "@/app/api/v1/[tenant]/executions/[executionId]/resume/route";
import * as r19 from "@/app/api/v1/[tenant]/executions/search/route";
import * as r20 from "@/app/api/v1/[tenant]/executions/webhook/[namespace]/[flowId]/[key]/route";
import * as r21 from "@/app/api/v1/[tenant]/flows/route";
import * as r22 from "@/app/api/v1/[tenant]/flows/[namespace]/route";
import * as r23 from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/route";
import * as r24 from "@/app/api/v1/[tenant]/flows/[namespace]/[id]/revisions/route";
import * as r25 from "@/app/api/v1/[tenant]/flows/distinct-namespaces/route";
import * as r26 from "@/app/api/v1/[tenant]/flows/search/route";
import * as r27 from "@/app/api/v1/[tenant]/flows/validate/route";
import * as r28 from "@/app/api/v1/[tenant]/groups/route";
import * as r29 from "@/app/api/v1/[tenant]/groups/[id]/route";
import * as r30 from "@/app/api/v1/[tenant]/groups/[id]/members/route";
import * as r31 from "@/app/api/v1/[tenant]/groups/[id]/members/[userId]/route";
import * as r32 from "@/app/api/v1/[tenant]/groups/search/route";
import * as r33 from "@/app/api/v1/[tenant]/invitations/route";
import * as r34 from "@/app/api/v1/[tenant]/invitations/[id]/route";
import * as r35 from "@/app/api/v1/[tenant]/invitations/search/route";
import * as r36 from "@/app/api/v1/[tenant]/logs/[executionId]/route";
import * as r37 from "@/app/api/v1/[tenant]/logs/[executionId]/download/route";
import * as r38 from "@/app/api/v1/[tenant]/logs/[executionId]/follow/route";
import * as r39 from "@/app/api/v1/[tenant]/logs/search/route";
import * as r40 from "@/app/api/v1/[tenant]/namespaces/[namespace]/route";
import * as r41 from "@/app/api/v1/[tenant]/namespaces/[namespace]/kv/route";
import * as r42 from "@/app/api/v1/[tenant]/namespaces/[namespace]/kv/[key]/route";
import * as r43 from "@/app/api/v1/[tenant]/namespaces/search/route";
import * as r44 from "@/app/api/v1/[tenant]/plugins/schemas/flow/route";
import * as r45 from "@/app/api/v1/[tenant]/roles/route";
import * as r46 from "@/app/api/v1/[tenant]/roles/[id]/route";
import * as r47 from "@/app/api/v1/[tenant]/roles/search/route";
import * as r48 from "@/app/api/v1/[tenant]/service-accounts/route";
import * as r49 from "@/app/api/v1/[tenant]/service-accounts/[id]/route";
import * as r50 from "@/app/api/v1/[tenant]/service-accounts/[id]/api-tokens/route";
import * as r51 from "@/app/api/v1/[tenant]/service-accounts/[id]/api-tokens/[tokenId]/route";
import * as r52 from "@/app/api/v1/[tenant]/service-accounts/search/route";
import * as r53 from "@/app/api/v1/[tenant]/tenant-access/route";
import * as r54 from "@/app/api/v1/[tenant]/tenant-access/[userId]/route";
import * as r55 from "@/app/api/v1/[tenant]/triggers/route";
import * as r56 from "@/app/api/v1/[tenant]/triggers/[namespace]/[flowId]/route";
import * as r57 from "@/app/api/v1/[tenant]/triggers/[namespace]/[flowId]/[triggerId]/unlock/route";
import * as r58 from "@/app/api/v1/[tenant]/triggers/backfill/delete/route";
import * as r59 from "@/app/api/v1/[tenant]/triggers/backfill/pause/route";
import * as r60 from "@/app/api/v1/[tenant]/triggers/backfill/unpause/route";
import * as r61 from "@/app/api/v1/[tenant]/triggers/search/route";
import * as r62 from "@/app/api/v1/me/route";
import * as r63 from "@/app/api/v1/me/api-tokens/route";
import * as r64 from "@/app/api/v1/me/api-tokens/[tokenId]/route";
import * as r65 from "@/app/api/v1/me/invitations/route";
import * as r66 from "@/app/api/v1/tenants/route";
import * as r67 from "@/app/api/v1/tenants/[id]/route";
import * as r68 from "@/app/api/v1/tenants/search/route";
import * as r69 from "@/app/api/v1/users/route";
import * as r70 from "@/app/api/v1/users/[id]/route";
import * as r71 from "@/app/api/v1/users/[id]/api-tokens/route";
import * as r72 from "@/app/api/v1/users/[id]/api-tokens/[tokenId]/route";
import * as r73 from "@/app/api/v1/users/search/route";

export const ROUTE_MODULES: Record<string, Record<string, unknown>> = {
  "health": r1,
  "health/live": r2,
  "health/ready": r3,
  "metrics": r4,
  "v1/[tenant]/audit-logs/search": r5,
  "v1/[tenant]/bindings": r6,
  "v1/[tenant]/bindings/[id]": r7,
  "v1/[tenant]/bindings/search": r8,
  "v1/[tenant]/executions/[executionId]": r9,
  "v1/[tenant]/executions/[executionId]/[id]": r10,
  "v1/[tenant]/executions/[executionId]/file": r11,
  "v1/[tenant]/executions/[executionId]/file/metas": r12,
  "v1/[tenant]/executions/[executionId]/follow": r13,
  "v1/[tenant]/executions/[executionId]/kill": r14,
  "v1/[tenant]/executions/[executionId]/labels": r15,
  "v1/[tenant]/executions/[executionId]/replay": r16,
  "v1/[tenant]/executions/[executionId]/restart": r17,
  "v1/[tenant]/executions/[executionId]/resume": r18,
  "v1/[tenant]/executions/search": r19,
  "v1/[tenant]/executions/webhook/[namespace]/[flowId]/[key]": r20,
  "v1/[tenant]/flows": r21,
  "v1/[tenant]/flows/[namespace]": r22,
  "v1/[tenant]/flows/[namespace]/[id]": r23,
  "v1/[tenant]/flows/[namespace]/[id]/revisions": r24,
  "v1/[tenant]/flows/distinct-namespaces": r25,
  "v1/[tenant]/flows/search": r26,
  "v1/[tenant]/flows/validate": r27,
  "v1/[tenant]/groups": r28,
  "v1/[tenant]/groups/[id]": r29,
  "v1/[tenant]/groups/[id]/members": r30,
  "v1/[tenant]/groups/[id]/members/[userId]": r31,
  "v1/[tenant]/groups/search": r32,
  "v1/[tenant]/invitations": r33,
  "v1/[tenant]/invitations/[id]": r34,
  "v1/[tenant]/invitations/search": r35,
  "v1/[tenant]/logs/[executionId]": r36,
  "v1/[tenant]/logs/[executionId]/download": r37,
  "v1/[tenant]/logs/[executionId]/follow": r38,
  "v1/[tenant]/logs/search": r39,
  "v1/[tenant]/namespaces/[namespace]": r40,
  "v1/[tenant]/namespaces/[namespace]/kv": r41,
  "v1/[tenant]/namespaces/[namespace]/kv/[key]": r42,
  "v1/[tenant]/namespaces/search": r43,
  "v1/[tenant]/plugins/schemas/flow": r44,
  "v1/[tenant]/roles": r45,
  "v1/[tenant]/roles/[id]": r46,
  "v1/[tenant]/roles/search": r47,
  "v1/[tenant]/service-accounts": r48,
  "v1/[tenant]/service-accounts/[id]": r49,
  "v1/[tenant]/service-accounts/[id]/api-tokens": r50,
  "v1/[tenant]/service-accounts/[id]/api-tokens/[tokenId]": r51,
  "v1/[tenant]/service-accounts/search": r52,
  "v1/[tenant]/tenant-access": r53,
  "v1/[tenant]/tenant-access/[userId]": r54,
  "v1/[tenant]/triggers": r55,
  "v1/[tenant]/triggers/[namespace]/[flowId]": r56,
  "v1/[tenant]/triggers/[namespace]/[flowId]/[triggerId]/unlock": r57,
  "v1/[tenant]/triggers/backfill/delete": r58,
  "v1/[tenant]/triggers/backfill/pause": r59,
  "v1/[tenant]/triggers/backfill/unpause": r60,
  "v1/[tenant]/triggers/search": r61,
  "v1/me": r62,
  "v1/me/api-tokens": r63,
  "v1/me/api-tokens/[tokenId]": r64,
  "v1/me/invitations": r65,
  "v1/tenants": r66,
  "v1/tenants/[id]": r67,
  "v1/tenants/search": r68,
  "v1/users": r69,
  "v1/users/[id]": r70,
  "v1/users/[id]/api-tokens": r71,
  "v1/users/[id]/api-tokens/[tokenId]": r72,
  "v1/users/search": r73,
};
