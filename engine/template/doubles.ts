import type { TemplateMap, TemplateValue } from "./values";

/**
 * Numbers that are Java doubles in Kestra but read from data, where a JS number loses the
 * difference between 2 and 2.0: a FLOAT input, a JSON `2.0` parsed in a template. Marked by
 * their place (container and key), since a number cannot carry a mark; `{{ }}` and JSON print
 * them as Pebble prints a Double (`2.0`). Only the engine marks: data cannot forge a mark.
 */
const DOUBLE_PLACES = new WeakMap<object, Set<string>>();

/** Marks `container[key]` as a Java double (see DOUBLE_PLACES). */
export function markDouble(container: TemplateMap | TemplateValue[], key: string | number): void {
  let keys = DOUBLE_PLACES.get(container);
  if (!keys) DOUBLE_PLACES.set(container, (keys = new Set()));
  keys.add(String(key));
}

/** Whether `container[key]` holds a number marked as a Java double. */
export function isDoubleAt(container: TemplateValue, key: string | number): boolean {
  return typeof container === "object" && container !== null && (DOUBLE_PLACES.get(container)?.has(String(key)) ?? false);
}
