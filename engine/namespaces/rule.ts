/**
 * The namespace rule's pure part (engine/namespaces/reach.ts has the rest, with the
 * database): what a reach is called, the namespace itself and its children, and the error.
 */

export type Reach = "KV" | "subflow" | "flow trigger" | "secret" | "namespace file" | "ForEachItem" | "execution" | "log" | "trigger";

/** Without the database: the namespace itself and its children. */
export function withinNamespace(from: string, to: string): boolean {
  return to === from || to.startsWith(`${from}.`);
}

export class NamespaceDenied extends Error {
  constructor(from: string, to: string, what: Reach) {
    super(
      `Namespace '${to}' does not allow flows of namespace '${from}' to reach it (${what}): ` +
        `add '${from}' to its allowedNamespaces to allow it`,
    );
    this.name = "NamespaceDenied";
  }
}

