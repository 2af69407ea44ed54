import { defineRunnable } from "../define";
import { scriptProperties } from "./properties";
import { runScript } from "./runner";

export const nodeScript = defineRunnable({
  type: "io.kestra.plugin.scripts.node.Script",
  title: "Run a Node.js script with the worker's node in a sandbox (Process runner; containerImage is accepted and ignored)",
  properties: scriptProperties,
  run: (ctx) =>
    runScript(ctx, async (render, { workingDir }) => ({
      files: { "main.js": await render.render(ctx.props.script) },
      commands: [`node ${workingDir}/main.js`],
    })),
});
