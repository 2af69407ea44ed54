import { z } from "zod";
import { dynBool, dynEnum, stringMap, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"] as const;

export const httpRequest = defineRunnable({
  type: "io.kestra.plugin.core.http.Request",
  aliases: ["io.kestra.plugin.fs.http.Request"],
  title: "Send an HTTP request and return the response",
  properties: z.object({
    uri: text(),
    method: dynEnum(HTTP_METHODS).default("GET"),
    body: text().optional(),
    formData: stringMap().optional(),
    contentType: text().default("application/json"),
    headers: z.union([stringMap(), z.string()]).optional(),
    /** Timeouts, proxy, auth, redirects...: Kestra's HttpConfiguration. */
    options: stringMap().optional(),
    /** Deprecated: `options.ssl`. */
    sslOptions: stringMap().optional(),
    encryptBody: dynBool().default(false),
    /** Deprecated: `options.allowFailed`. */
    allowFailed: dynBool().optional(),
    failOnEmptyResponse: dynBool().optional(),
  }),
});
