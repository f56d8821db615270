import { openFromEnv } from "../db/client";
import { migrateDb } from "../db/migrate";
import { hasDemoData, seedDemo } from "./seed/demo";
import { ensureAuthSecret } from "../lib/dev/env-file";

// `npm run dev` on a fresh machine: a session secret, the embedded database
// migrated, and the demo schools on first start. Runs before `next dev`, which
// then becomes the database's only owner.
if (ensureAuthSecret(".env.local")) console.log("AUTH_SECRET gerado em .env.local");

const handle = openFromEnv();
try {
  await migrateDb(handle);
  if (!process.env.DATABASE_URL && !(await hasDemoData(handle.db))) {
    await seedDemo(handle.db);
    console.log("Banco embutido criado com os dados de demonstração (.data/pglite).");
  }
} finally {
  await handle.close();
}
