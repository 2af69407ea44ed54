import { defineRunnable } from "../define";
import { scriptProperties } from "./properties";
import { runScript } from "./runner";

export const shellScript = defineRunnable({
  type: "io.kestra.plugin.scripts.shell.Script",
  title: "Run a shell script in a sandbox (Process runner; containerImage is accepted and ignored)",
  properties: scriptProperties,
  run: (ctx) =>
    runScript(ctx, async (render, { workingDir }) => ({
      files: { "script.sh": await render.render(ctx.props.script) },
      commands: [`/bin/sh ${workingDir}/script.sh`],
    })),
});
