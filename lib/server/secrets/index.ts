/** What callers do to namespaces' secrets, one operation per file. Values are write-only. */
export { putSecret } from "./put";
export { patchSecret } from "./update";
export { removeSecret } from "./delete";
