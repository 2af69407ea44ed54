/**
 * The default branch of a `switch` over a union that handles every member: the compiler
 * refuses the call when a member was forgotten (its value is then not `never`), and at run
 * time a value from outside the union fails loudly instead of being ignored.
 */
export function assertNever(value: never, what = "value"): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
