// An engine thread for the pool's tests: the real thread (thread.ts), except that a pass of
// the flow `hog` then computes without pause, as code no step meter reaches would (a regular
// expression that backtracks, a huge parse). This listener runs after the real one.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import("./thread.ts");
parentPort.on("message", (message) => {
  if (message.type === "pass" && message.input.flow.id === "hog") for (;;);
});
