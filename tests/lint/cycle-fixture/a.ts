// Lint fixture: a.ts and b.ts import each other, so `import/no-cycle` must refuse both
// (tests/unit/lint-rules.test.ts). eslint.config.mjs ignores this folder in `npm run lint`.
import { b } from "./b";

export const a = () => b() + 1;
