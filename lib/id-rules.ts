/**
 * Identifier rules said in words, with a valid id suggested from what was typed: a user
 * who typed "Staging env" reads "try staging-env", not a regular expression.
 */

export type IdRule = {
  /** Upper-case letters allowed (flow and task ids), or only lower-case (tenants, namespaces). */
  upper: boolean;
  /** Extra characters allowed after the first one, besides letters and digits. */
  extra: string;
};

/** "letters, digits, ., - and _": the allowed characters in words. */
export function allowedInWords(rule: IdRule): string {
  const items = [rule.upper ? "letters" : "lower-case letters", "digits", ...rule.extra];
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** A valid id close to `typed`, or undefined when nothing usable was typed. */
export function suggestId(typed: unknown, rule: IdRule, max = 64): string | undefined {
  if (typeof typed !== "string") return undefined;
  let s = typed.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").trim();
  if (!rule.upper) s = s.toLowerCase();
  const sep = rule.extra.includes("-") ? "-" : rule.extra.includes("_") ? "_" : "";
  s = s.replace(/\s+/g, sep);
  const allowed = new RegExp(`[^a-zA-Z0-9${rule.extra.replace(/[-\\\]^]/g, "\\$&")}]`, "g");
  s = s.replace(allowed, sep);
  if (sep) s = s.replace(new RegExp(`\\${sep}{2,}`, "g"), sep);
  s = s.replace(/^[^a-zA-Z0-9]+/, "").slice(0, max).replace(/[^a-zA-Z0-9]+$/, "");
  return s && s !== typed ? s : undefined;
}

/** The message for an id that breaks its rule: what is allowed, and a suggestion. */
export function idRuleMessage(what: string, typed: unknown, rule: IdRule, example: string): string {
  const suggestion = suggestId(typed, rule);
  const tail = suggestion ? `try "${suggestion}"` : `for example "${example}"`;
  return `${what} may contain only ${allowedInWords(rule)}, and must start with a letter or digit: ${tail}`;
}
