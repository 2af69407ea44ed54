/** Encoding and hashing filters: URL, base64, message digests (node:crypto, no I/O). */
import { createHash } from "node:crypto";
import { EvalError } from "../errors";
import type { FilterSpec } from "../runtime";
import { stringInput } from "./strings";

/** Java's `URLEncoder.encode(s, UTF-8)`: space is `+`, only `A-Za-z0-9.-*_` stay as they are. */
function urlEncode(input: string): string {
  let out = "";
  for (const byte of Buffer.from(input, "utf8")) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(char)) out += char;
    else if (byte === 0x20) out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Java's `URLDecoder.decode(s, UTF-8)`: `+` is a space; a broken `%` escape is an error. */
function urlDecode(input: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const char = input[i] as string;
    if (char === "+") {
      bytes.push(0x20);
    } else if (char === "%") {
      const hex = input.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        throw new EvalError("EVALUATION", `URLDecoder: Illegal hex characters in escape (%) pattern - ${hex}`);
      }
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function base64Decode(input: string): string {
  const compact = input.trim();
  // Node's decoder silently skips garbage; Java's throws, and so do we.
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new EvalError("EVALUATION", "base64decode: the input is not valid base64");
  }
  return Buffer.from(compact, "base64").toString("utf8");
}

function digest(algorithm: "sha1" | "sha256" | "sha512" | "md5", name: string): FilterSpec {
  return {
    argNames: [],
    apply: (input) => (input === null ? null : createHash(algorithm).update(stringInput(input, name), "utf8").digest("hex")),
  };
}

export const ENCODING_FILTERS: Record<string, FilterSpec> = {
  urlencode: { argNames: [], apply: (input) => (input === null ? null : urlEncode(stringInput(input, "urlencode"))) },
  urldecode: { argNames: [], apply: (input) => (input === null ? null : urlDecode(stringInput(input, "urldecode"))) },
  base64encode: {
    argNames: [],
    apply: (input) => (input === null ? null : Buffer.from(stringInput(input, "base64encode"), "utf8").toString("base64")),
  },
  base64decode: { argNames: [], apply: (input) => (input === null ? null : base64Decode(stringInput(input, "base64decode"))) },
  sha1: digest("sha1", "sha1"),
  sha256: digest("sha256", "sha256"),
  sha512: digest("sha512", "sha512"),
  md5: digest("md5", "md5"),
};
