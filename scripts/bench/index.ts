import { benchFlows } from "./flows";
import { benchTargets } from "./stats";

/** `npm run bench`: prints each figure; BENCH_DATABASE_URL adds PostgreSQL. */
async function main() {
  const only = process.argv.slice(2);
  if (only.length === 0 || only.includes("flows")) await benchFlows(await benchTargets());
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
