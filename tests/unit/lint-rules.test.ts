import path from "node:path";
import { ESLint } from "eslint";
import { expect, test } from "vitest";

/** The rules that keep the shape: an import cycle and a db↔engine double cast fail `npm run lint`. */
test("lint refuses an import cycle and a double cast between a row and an engine document", { timeout: 180_000 }, async () => {
  const root = path.resolve(__dirname, "../..");
  const eslint = new ESLint({ cwd: root, ignore: false });
  const results = await eslint.lintFiles(["tests/lint/cycle-fixture/a.ts", "tests/lint/cycle-fixture/b.ts"]);
  expect(results.map((r) => r.messages.map((m) => m.ruleId))).toEqual([["import/no-cycle"], ["import/no-cycle"]]);

  const [cast] = await eslint.lintText("type Execution = { id: string };\nexport const e = ({} as { document: unknown }).document as unknown as Execution;\n", {
    filePath: path.join(root, "engine/fixture.ts"),
  });
  expect(cast.messages.map((m) => m.ruleId)).toEqual(["no-restricted-syntax"]);
});
