// A worker thread of the engine pool (engine/worker/pool.ts): TypeScript through tsx, then the pass runner.
import { register } from "tsx/esm/api";

register();
await import("./thread.ts");
