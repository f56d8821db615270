import { openFromEnv } from "./client";
import { migrateDb } from "./migrate";
import { hasDemoData, seedDemo } from "./seed/demo";

// Loads the demo data into the embedded database, or into DATABASE_URL when asked
// explicitly with this command. Never run against a production database.
if (process.env.NODE_ENV === "production" && process.env.ALLOW_DEMO_SEED !== "1") {
  console.error("Recusado: dados de demonstração não são carregados em produção (defina ALLOW_DEMO_SEED=1 para forçar).");
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
} finally {
  await handle.close();
}
