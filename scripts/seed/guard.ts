/**
 * Whether `npm run db:seed` may load the demo data into the database it would
 * open. The embedded database (no DATABASE_URL) is a developer's own; a server
 * named by DATABASE_URL could be anyone's, so it takes an explicit SEED_DEMO=1.
 * Returns the refusal message, or null when the seed may go ahead.
 */
export function demoSeedRefusal(env: Record<string, string | undefined>): string | null {
  if (env.DATABASE_URL && env.SEED_DEMO !== "1") {
    return "Recusado: DATABASE_URL aponta para um servidor PostgreSQL. Os dados de demonstração (usuários com senha " +
      "pública) só são carregados nele com SEED_DEMO=1 explícito — nunca em produção.";
  }
  return null;
}
