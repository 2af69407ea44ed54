/**
 * Runs once when the server starts: opens and migrates the database, then seeds the first
 * superadmin and the default tenant. A failed migration stops the process with the SQL
 * error, so a broken schema never serves requests.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootInstance } = await import("./lib/boot");
  try {
    await bootInstance();
  } catch (error) {
    console.error("\n[switchyard] start-up failed:\n", error instanceof Error ? error.message : error);
    const cause = (error as { cause?: unknown })?.cause;
    if (cause) console.error("[switchyard] cause:", cause instanceof Error ? cause.message : cause);
    process.exit(1);
  }
}
