import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "@/lib/ui/callback-url";

describe("safeCallbackUrl", () => {
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeCallbackUrl("/ui/prod/roles")).toBe("/ui/prod/roles");
    expect(safeCallbackUrl("/ui/prod/audit-logs?page=2#top")).toBe("/ui/prod/audit-logs?page=2#top");
  });

  it("refuses anything that could leave the origin", () => {
    for (const bad of ["//evil.example/x", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "ui/prod", "/\t/evil.example", "", undefined, 42]) {
      expect(safeCallbackUrl(bad)).toBe("/ui");
    }
  });

  it("uses the given fallback", () => {
    expect(safeCallbackUrl("//x", "/admin")).toBe("/admin");
  });
});
