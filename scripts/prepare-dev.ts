import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, appendFileSync } from "node:fs";
import { openFromEnv } from "../db/client";
import { migrateDb } from "../db/migrate";
import { hasDemoData, seedDemo } from "../db/seed/demo";

// `npm run dev` on a fresh machine: a session secret, the embedded database
// migrated, and the demo schools on first start. Runs before `next dev`, which
// then becomes the database's only owner.
const envFile = ".env.local";
if (!process.env.AUTH_SECRET && !(existsSync(envFile) && readFileSync(envFile, "utf8").includes("AUTH_SECRET="))) {
  appendFileSync(envFile, `AUTH_SECRET=${randomBytes(32).toString("base64url")}\n`);
  console.log("AUTH_SECRET gerado em .env.local");
}

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
