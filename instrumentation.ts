/**
 * Runs once when the server starts: opens and migrates the database, seeds the first
 * superadmin and the default tenant, starts the worker. A failed migration stops the
 * process with the SQL error, so a broken schema never serves requests (lib/boot.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { installPeerStamp } = await import("./lib/auth/peer");
  installPeerStamp();
  const { bootOrExit } = await import("./lib/boot");
  await bootOrExit();
}
