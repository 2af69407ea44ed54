import {
  isTruthy,
  render,
  renderRecursive,
  renderTyped,
  type RenderOptions,
  type TemplateFunctions,
  type TemplateValue,
} from "@/engine/template";

/** Templates bound to one run's variables and injected functions. */
export type Renderer = {
  render(template: string): Promise<string>;
  /** A single `{{ expression }}` gives its value (number, list, map...), anything else a string. */
  renderTyped(template: string): Promise<TemplateValue>;
  /** Every string inside a value rendered (map keys too); `typed` keeps single expressions' values. */
  renderRecursive(value: unknown, options?: { typed?: boolean }): Promise<unknown>;
  /** Kestra's truthiness of a rendered condition (If, runIf, Fail condition). */
  condition(template: string): Promise<boolean>;
  /** Renders with extra variables over the run's (an item's fields for FilterItems, DeduplicateItems). */
  renderWith(template: string, extra: Record<string, unknown>): Promise<string>;
  /** renderRecursive with extra variables over the run's (ForEachItem's `taskrun.items`). */
  renderRecursiveWith(value: unknown, extra: Record<string, unknown>): Promise<unknown>;
  readonly variables: Record<string, unknown>;
};

export function createRenderer(
  variables: Record<string, unknown>,
  functions: TemplateFunctions = {},
  options: RenderOptions = {},
): Renderer {
  const context = { ...variables, $functions: functions };
  return {
    variables,
    render: (template) => render(template, context, options),
    renderTyped: (template) => renderTyped(template, context, options),
    renderRecursive: (value, opts) => renderRecursive(value, context, { ...options, typed: opts?.typed }),
    condition: async (template) => isTruthy(await render(template, context, options)),
    renderWith: (template, extra) => render(template, { ...context, ...extra, $functions: functions }, options),
    renderRecursiveWith: (value, extra) => renderRecursive(value, { ...context, ...extra, $functions: functions }, options),
  };
}
