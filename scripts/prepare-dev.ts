import { MIGRATIONS_DIR, pgliteDirFromEnv } from "../db/paths";
import { ensureAuthSecret } from "../lib/dev/env-file";
import { isPrepared, markPrepared } from "../lib/dev/prepared-mark";

// `npm run dev` on a fresh machine: a session secret, the embedded database
// migrated, and the demo schools on first start. Runs before `next dev`, which
// then becomes the database's only owner. An embedded database this script
// already prepared for the current migrations is not opened again
// (lib/dev/prepared-mark.ts); the drivers are loaded only when it is.
if (ensureAuthSecret(".env.local")) console.log("AUTH_SECRET gerado em .env.local");

const dataDir = pgliteDirFromEnv();
if (!dataDir || !isPrepared(dataDir, MIGRATIONS_DIR)) {
  const { openFromEnv } = await import("../db/client");
  const { migrateDb } = await import("../db/migrate");
  const { hasDemoData, seedDemo } = await import("./seed/demo");
  const handle = openFromEnv();
  try {
    await migrateDb(handle);
    if (dataDir && !(await hasDemoData(handle.db))) {
      await seedDemo(handle.db);
      console.log("Banco embutido criado com os dados de demonstração (.data/pglite).");
    }
  } finally {
    await handle.close();
  }
  if (dataDir) markPrepared(dataDir, MIGRATIONS_DIR);
}
