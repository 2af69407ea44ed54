import { defineRunnable } from "../define";
import { scriptProperties } from "./properties";
import { runScript } from "./runner";

export const pythonScript = defineRunnable({
  type: "io.kestra.plugin.scripts.python.Script",
  title: "Run a Python script with the worker's python3 in a sandbox (Process runner; containerImage is accepted and ignored)",
  properties: scriptProperties,
  run: (ctx) =>
    runScript(ctx, async (render, { workingDir }) => ({
      files: { "main.py": await render.render(ctx.props.script) },
      commands: [`python3 ${workingDir}/main.py`],
    })),
});
