export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATABASE_URL =
  process.env.E2E_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/rematricula_e2e";
/** Ports for the servers the operations specs start themselves (deploy, second instances). */
export const OPS_PORT_BASE = Number(process.env.E2E_OPS_PORT ?? E2E_PORT + 1);
