/** Serialisation filters: JSON (`json`/`toJson`/`jsonEncode`), `jq`, `yaml`. */
import { stringify as yamlStringify } from "yaml";
import { EvalError } from "../errors";
import { runJq } from "../jq";
import type { FilterSpec } from "../runtime";
import { parseJson, toJson, toPlainData } from "../values";

const toJsonFilter: FilterSpec = {
  argNames: [],
  apply: (input, _args, runtime) => toJson(input, { maxLength: runtime.limits.maxStringLength }),
};

export const DATA_FILTERS: Record<string, FilterSpec> = {
  json: toJsonFilter,
  toJson: toJsonFilter,
  jsonEncode: toJsonFilter,
  jq: {
    argNames: ["expression"],
    apply: (input, args, runtime) => {
      if (input === null) return null;
      const expression = args.string("expression");
      const data = typeof input === "string" ? parseJson(input) : input;
      const results = runJq(expression, data, { charge: (steps) => runtime.charge(steps), maxStringLength: runtime.limits.maxStringLength });
      runtime.checkSize(results.length);
      return results;
    },
  },
  yaml: {
    argNames: [],
    apply: (input, _args, runtime) => {
      if (input === null) return "null";
      const text = yamlStringify(toPlainData(input), { lineWidth: 0 });
      if (text.length > runtime.limits.maxStringLength) throw new EvalError("LIMIT", "yaml: result too long");
      return text;
    },
  },
};
