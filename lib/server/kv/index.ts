/** What callers do to namespaces' KV entries, one operation per file. */
export { setKvEntry } from "./set";
export { deleteKvEntry } from "./delete";
