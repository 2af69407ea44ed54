/**
 * What callers do to flows, one operation per file: each takes the actor first, checks
 * the permission in the flow's namespace, and saves with its audit entry in one transaction.
 */
export { createFlow } from "./create";
export { updateFlow, type UpdatedFlow } from "./update";
export { restoreFlowRevision } from "./restore-revision";
export { deleteFlow } from "./delete";
export { updateNamespaceFlows } from "./update-namespace";
export { describeFlowErrors, flowErrorDetails, invalidFlow, parseFlowOrThrow } from "./source";
