import postgres from "postgres";

// Creates the database named by DATABASE_URL when it does not exist yet (for the
// end-to-end suite and first deploys); the server's "postgres" database is used
// to ask.
const url = new URL(process.env.DATABASE_URL ?? "");
const name = url.pathname.slice(1);
if (!/^[a-z0-9_]+$/i.test(name)) throw new Error(`Nome de banco inválido: ${name}`);
url.pathname = "/postgres";
const admin = postgres(url.toString(), { max: 1, onnotice: () => {} });
try {
  const found = await admin`select 1 from pg_database where datname = ${name}`;
  if (found.length === 0) await admin.unsafe(`create database ${name}`);
} finally {
  await admin.end();
}
