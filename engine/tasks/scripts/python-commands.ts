import { defineRunnable } from "../define";
import { commandsProperties } from "./properties";
import { runScript } from "./runner";
import { renderCommands } from "./shell-commands";

export const pythonCommands = defineRunnable({
  type: "io.kestra.plugin.scripts.python.Commands",
  title: "Run commands (python3 ...) in a sandbox (Process runner; containerImage is accepted and ignored)",
  properties: commandsProperties,
  run: (ctx) => runScript(ctx, async (render) => ({ commands: await renderCommands(render, ctx.props.commands) })),
});
