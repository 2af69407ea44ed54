/** API tokens, one operation per file (audited in the instance log). */
export { createToken } from "./create";
export { deleteToken } from "./delete";
