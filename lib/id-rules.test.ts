import { describe, expect, it } from "vitest";
import { allowedInWords, idRuleMessage, suggestId } from "./id-rules";

const tenant = { upper: false, extra: "-_" };
const flow = { upper: true, extra: ".-_" };

describe("id rules in words", () => {
  it("names the allowed characters without a regular expression", () => {
    expect(allowedInWords(tenant)).toBe("lower-case letters, digits, - and _");
    expect(allowedInWords({ upper: true, extra: "" })).toBe("letters and digits");
  });

  it("suggests a valid id from what was typed", () => {
    expect(suggestId("Staging env", tenant)).toBe("staging-env");
    expect(suggestId("  Équipe  Données!", tenant)).toBe("equipe-donnees");
    expect(suggestId("My Flow #1", flow)).toBe("My-Flow-1");
    expect(suggestId("_hidden", tenant)).toBe("hidden");
    expect(suggestId("!!", tenant)).toBeUndefined();
    expect(suggestId("ok", tenant)).toBeUndefined();
  });

  it("gives an example when nothing usable was typed", () => {
    expect(idRuleMessage("tenant id", "Staging env", tenant, "prod")).toBe(
      'tenant id may contain only lower-case letters, digits, - and _, and must start with a letter or digit: try "staging-env"',
    );
    expect(idRuleMessage("tenant id", "%%", tenant, "prod")).toMatch(/for example "prod"$/);
  });
});
