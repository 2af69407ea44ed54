import { defineRunnable } from "../define";
import { commandsProperties } from "./properties";
import { runScript } from "./runner";

export const shellCommands = defineRunnable({
  type: "io.kestra.plugin.scripts.shell.Commands",
  title: "Run shell commands in a sandbox (Process runner; containerImage is accepted and ignored)",
  properties: commandsProperties,
  run: (ctx) => runScript(ctx, async (render) => ({ commands: await renderCommands(render, ctx.props.commands) })),
});

/** `commands` rendered: a list, or one expression that renders to a list. */
export async function renderCommands(render: { render(t: string): Promise<string>; renderTyped(t: string): Promise<unknown> }, commands: string[] | string): Promise<string[]> {
  if (typeof commands !== "string") return Promise.all(commands.map((c) => render.render(c)));
  const typed = await render.renderTyped(commands);
  return Array.isArray(typed) ? typed.map(String) : [String(typed)];
}
