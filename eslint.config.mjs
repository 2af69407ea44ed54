import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "tests/lint/**", ".data/**", "test-results/**", "playwright-report/**", "e2e/artifacts/**", "next-env.d.ts"],
  },
  {
    plugins: { drizzle },
    rules: {
      // An update or delete without a where clause is a bug even when RLS confines it to one tenant.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // The jsonb columns carry the engine's types ($type<Execution>(), $type<Flow>()): a
      // double cast between a row and an engine document hides a real mismatch.
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "TSAsExpression[typeAnnotation.typeName.name=/^(Execution|ExecutionDocument|Flow|FlowModel|TaskRun|Trigger)$/] > TSAsExpression.expression[typeAnnotation.type='TSUnknownKeyword']",
          message: "No `as unknown as` between db rows and engine documents: the jsonb columns are typed with the engine's types.",
        },
      ],
    },
  },
  {
    // A new import cycle fails lint (tests/lint/cycle-fixture shows it).
    settings: { "import/ignore": ["node_modules"] },
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // The engine and the server code never reach into React components.
    files: ["engine/**", "db/**", "lib/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "^@/components/", message: "engine/, db/ and lib/ never import components: move the shared code to lib/." }] }],
    },
  },
  {
    // The doors (route handlers, server actions) call use cases, never the unchecked
    // operations they are built on: permission and audit are the use case's job.
    files: ["app/**", "lib/actions/**", "lib/api/**", "lib/ui/**", "components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@/db/queries/access", importNames: ["recordAudit"], message: "Writes go through a use case in lib/server/<domain>, which records the audit entry." }],
          patterns: [{ regex: "^@/lib/server/.+/commands$", message: "Call the use case in lib/server/<domain> instead: it checks the permission and writes the audit entry." }],
        },
      ],
    },
  },
];

export default config;
