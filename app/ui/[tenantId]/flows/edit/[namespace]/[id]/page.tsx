import { redirect } from "next/navigation";
import { decodeParam, flowHref } from "@/components/flows/links";

/** A flow without a tab opens its overview. */
export default async function FlowRoot({ params }: { params: Promise<{ tenantId: string; namespace: string; id: string }> }) {
  const { tenantId, namespace, id } = await params;
  redirect(flowHref(tenantId, decodeParam(namespace), decodeParam(id)));
}
