/** What callers do to namespace files, one operation per file. */
export { writeNamespaceFile } from "./write";
export { createNamespaceDirectory } from "./create-directory";
export { moveNamespaceFile } from "./move";
export { deleteNamespaceFile } from "./delete";
