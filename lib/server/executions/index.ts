/**
 * What callers do to executions, one operation per file. Each takes the actor first,
 * checks the permission in the execution's namespace, and writes with its audit entry
 * in one transaction. `commands.ts` holds the unchecked document operations they build on.
 */
export { findExecution } from "./find";
export { startExecution } from "./start";
export { startExecutionByWebhook } from "./webhook";
export { killExecution } from "./kill";
export { restartExecution } from "./restart";
export { replayExecution } from "./replay";
export { resumeExecution } from "./resume";
export { setExecutionLabels } from "./set-labels";
export { changeTaskRunState } from "./change-state";
export { deleteExecution } from "./delete";
export { readExecution, waitForEnd } from "./commands";
