import { z } from "zod";
import { dynBool, dynEnum, stringMap, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { HTTP_METHODS } from "./request";

/**
 * Kestra's http.Download: fetches a URL into the execution's internal storage. Outputs the
 * file's `uri`, the status `code`, its `length` and the response `headers`. A status of 400
 * or more fails the task, and so does an empty answer unless `failOnEmptyResponse: false`.
 */
export const httpDownload = defineRunnable({
  type: "io.kestra.plugin.core.http.Download",
  aliases: ["io.kestra.plugin.fs.http.Download"],
  title: "Download a file from a URL into internal storage",
  properties: z.object({
    uri: text(),
    method: dynEnum(HTTP_METHODS).default("GET"),
    body: text().optional(),
    contentType: text().optional(),
    headers: stringMap().optional(),
    options: stringMap().optional(),
    failOnEmptyResponse: dynBool().default(true),
  }),
  async run(ctx) {
    const { props } = ctx;
    const url = await ctx.render(props.uri);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(props.headers ?? {})) headers[k] = await ctx.render(String(v));
    if (props.contentType) headers["content-type"] = await ctx.render(props.contentType);
    const method = await ctx.render(props.method);
    const response = await ctx.http({ url, method, headers, body: props.body === undefined ? undefined : await ctx.render(props.body), signal: ctx.signal });
    if (response.status >= 400) throw new Error(`Failed to download '${url}': the server answered with status ${response.status}`);
    const failOnEmpty = typeof props.failOnEmptyResponse === "boolean" ? props.failOnEmptyResponse : (await ctx.render(props.failOnEmptyResponse)) === "true";
    const length = Buffer.byteLength(response.body, "utf8");
    if (length === 0 && failOnEmpty) throw new Error("No response from server");
    const path = new URL(url).pathname;
    const base = path.slice(path.lastIndexOf("/") + 1);
    const dot = base.lastIndexOf(".");
    const uri = await ctx.storage.put(response.body, dot > 0 ? { name: base.slice(0, dot), extension: base.slice(dot) } : { extension: ".bin" });
    ctx.logger.debug(`File '${url}' downloaded to '${uri}'`);
    return { outputs: { uri, code: response.status, length, headers: response.headers } };
  },
});
