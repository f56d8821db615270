import { openFromEnv } from "../../db/client";
import { migrateDb } from "../../db/migrate";
import { hasDemoData, seedDemo } from "./demo";
import { demoSeedRefusal } from "./guard";

// Loads the demo data into the embedded database, or into DATABASE_URL when asked
// explicitly (SEED_DEMO=1). seedDemo itself refuses a database with other schools.
const refusal = demoSeedRefusal(process.env);
if (refusal) {
  console.error(refusal);
  process.exit(1);
}
const handle = openFromEnv();
try {
  await migrateDb(handle);
  if (await hasDemoData(handle.db)) console.log("Dados de demonstração já carregados.");
  else {
    await seedDemo(handle.db);
    console.log("Dados de demonstração carregados.");
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await handle.close();
}
