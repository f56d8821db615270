import { openFromEnv } from "./client";
import { migrateDb } from "./migrate";

const handle = openFromEnv();
try {
  await migrateDb(handle);
  console.log(`Migrações aplicadas (${process.env.DATABASE_URL ? "PostgreSQL" : "banco embutido"}).`);
} finally {
  await handle.close();
}
